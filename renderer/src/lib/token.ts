/**
 * The HTTP token arrives in the URL fragment (`#token=…`), which browsers never send to
 * the server. It is moved to sessionStorage (so a reload keeps working, and it dies with
 * the tab) and removed from the visible URL (so it is not shoulder-surfed or bookmarked).
 */

export const TOKEN_STORAGE_KEY = 'portwarden.token';

interface LocationLike {
  hash: string;
  pathname: string;
  search: string;
}

interface HistoryLike {
  replaceState(data: unknown, unused: string, url?: string | null): void;
}

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The `token` parameter of a fragment like "#token=abc" or "#view=ports&token=abc". */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && token.trim() !== '' ? token.trim() : null;
}

/** Take the token from the fragment when present (storing it, cleaning the URL), else from storage. */
export function takeToken(location: LocationLike, storage: StorageLike, history: HistoryLike): string | null {
  const fromHash = tokenFromHash(location.hash);
  if (fromHash) {
    try {
      storage.setItem(TOKEN_STORAGE_KEY, fromHash);
    } catch {
      // Storage can be disabled; the token still works for this page load.
    }
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
    return fromHash;
  }
  try {
    return storage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}
