import { useEffect, useRef } from 'react';
import type { LogLine } from '../../../electron/core/control/contract.ts';
import { formatClock } from '../lib/format.ts';

/** The last lines a service printed, following new lines unless the user scrolled up. */
export function LogTail({ lines, label }: { lines: LogLine[]; label: string }) {
  const box = useRef<HTMLPreElement>(null);
  const follow = useRef(true);

  useEffect(() => {
    const el = box.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  return (
    <pre
      className="log"
      ref={box}
      tabIndex={0}
      aria-label={label}
      onScroll={(e) => {
        const el = e.currentTarget;
        follow.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
      }}
    >
      {lines.length === 0 ? (
        <span className="muted">No output yet.</span>
      ) : (
        lines.map((l, i) => (
          <div key={`${l.at}-${i}`} className={`log-${l.stream}`}>
            <span className="muted">{formatClock(l.at)}</span> {l.text}
          </div>
        ))
      )}
    </pre>
  );
}
