import { describe, expect, it } from 'vitest';
import { TOKEN_STORAGE_KEY, takeToken, tokenFromHash } from './token.ts';

function memoryStorage(): { getItem(k: string): string | null; setItem(k: string, v: string): void; data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('token', () => {
  it('reads the token from the fragment', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(tokenFromHash('#view=ports&token=x%2By')).toBe('x+y');
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('')).toBeNull();
  });

  it('stores the fragment token and removes it from the visible URL', () => {
    const storage = memoryStorage();
    const calls: (string | null | undefined)[] = [];
    const token = takeToken({ hash: '#token=s3cret&view=health', pathname: '/', search: '?a=1' }, storage, {
      replaceState: (_d, _u, url) => void calls.push(url),
    });
    expect(token).toBe('s3cret');
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe('s3cret');
    expect(calls).toEqual(['/?a=1#view=health']);
  });

  it('falls back to the stored token after a reload, and to null without one', () => {
    const storage = memoryStorage();
    const history = {
      replaceState: () => {
        throw new Error('must not touch the URL');
      },
    };
    expect(takeToken({ hash: '', pathname: '/', search: '' }, storage, history)).toBeNull();
    storage.setItem(TOKEN_STORAGE_KEY, 'kept');
    expect(takeToken({ hash: '', pathname: '/', search: '' }, storage, history)).toBe('kept');
  });
});
