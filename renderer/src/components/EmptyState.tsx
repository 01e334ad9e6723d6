import type { ReactNode } from 'react';

export function EmptyState({
  title,
  children,
  action,
  onAction,
}: {
  title: string;
  children: ReactNode;
  action?: string;
  onAction?(): void;
}) {
  return (
    <div className="card empty">
      <h3>{title}</h3>
      <p>{children}</p>
      {action && onAction && (
        <button type="button" className="primary" onClick={onAction}>
          {action}
        </button>
      )}
    </div>
  );
}
