import type { ViewId } from '../lib/views.ts';
import { VIEWS } from '../lib/views.ts';

export interface NavProps {
  current: ViewId;
  onSelect(view: ViewId): void;
  /** Small counts shown next to a view name (conflicts, critical checks). */
  badges: Partial<Record<ViewId, number>>;
}

export function Nav({ current, onSelect, badges }: NavProps) {
  return (
    <nav aria-label="Views" className="nav">
      {VIEWS.map((v) => (
        <button
          key={v.id}
          type="button"
          className="nav-item"
          aria-current={v.id === current ? 'page' : undefined}
          onClick={() => onSelect(v.id)}
        >
          {v.label}
          {(badges[v.id] ?? 0) > 0 && (
            <span className="nav-badge" aria-label={`${badges[v.id]} need attention`}>
              {badges[v.id]}
            </span>
          )}
        </button>
      ))}
    </nav>
  );
}
