import { useEffect, useState } from 'react';
import { toApiError } from '../lib/api-error.ts';
import type { ApiError } from '../lib/api-error.ts';

export interface Polled<T> {
  data: T | null;
  error: ApiError | null;
}

/**
 * Fetch `load` now, every `everyMs`, and whenever `trigger` changes (e.g. the event
 * count). For data the event stream does not carry: diagnostics, product metrics.
 * `load` null = not yet (e.g. before the first state arrives).
 */
export function usePolled<T>(load: (() => Promise<T>) | null, everyMs: number, trigger: unknown, onData?: (data: T) => void): Polled<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (!load) return;
    let alive = true;
    const tick = (): void => {
      load().then(
        (d) => {
          if (!alive) return;
          setData(d);
          setError(null);
          onData?.(d);
        },
        (e: unknown) => {
          if (alive) setError(toApiError(e));
        },
      );
    };
    tick();
    const t = setInterval(tick, everyMs);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, [load, everyMs, trigger, onData]);
  return { data, error };
}
