import { useCallback, useRef, useState } from 'react';
import { toApiError } from '../lib/api-error.ts';
import type { ApiError } from '../lib/api-error.ts';

export interface ActionState<T> {
  /** Label of the action running now, null when idle. */
  busy: string | null;
  result: T | null;
  error: ApiError | null;
  run(label: string, action: () => Promise<T>): Promise<void>;
  clear(): void;
}

/** Runs one action at a time and keeps its outcome for display. */
export function useAction<T>(): ActionState<T> {
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const running = useRef(false);

  const run = useCallback(async (label: string, action: () => Promise<T>) => {
    if (running.current) return;
    running.current = true;
    setBusy(label);
    setError(null);
    setResult(null);
    try {
      setResult(await action());
    } catch (e) {
      setError(toApiError(e));
    } finally {
      running.current = false;
      setBusy(null);
    }
  }, []);

  const clear = useCallback(() => {
    setResult(null);
    setError(null);
  }, []);

  return { busy, result, error, run, clear };
}
