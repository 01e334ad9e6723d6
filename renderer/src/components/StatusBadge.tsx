import type { Tone } from '../lib/tones.ts';

/** A status as colour AND word (colour alone fails colour-blind users and screen readers). */
export function StatusBadge({ tone, label }: { tone: Tone; label: string }) {
  return (
    <span className={`badge badge-${tone}`}>
      <span className="badge-dot" aria-hidden="true" />
      {label}
    </span>
  );
}
