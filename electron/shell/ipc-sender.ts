/**
 * Who may call our IPC handlers: only the dashboard window we created, only from its main
 * frame, and only while that frame shows our own renderer file. Kept as a pure function of
 * plain facts so every refusal is unit-tested without Electron (ipc.ts gathers the facts).
 */

/** What ipc.ts learns about the sender of one IPC message. */
export interface SenderFacts {
  /** `BrowserWindow.fromWebContents(event.sender)?.id`, null when no window owns it. */
  windowId: number | null;
  /** True when `event.senderFrame` is its page's main frame (not an iframe). */
  isMainFrame: boolean;
  /** `event.senderFrame?.url`, null when the frame is gone (navigated or destroyed). */
  frameUrl: string | null;
}

/** What we trust. */
export interface TrustedSender {
  /** Id of our dashboard window, null while there is none. */
  windowId: number | null;
  /** app://portwarden/index.html (hash and query ignored): the frame URL must be exactly this document. */
  rendererUrl: string;
}

/** Strip the fragment and query: `#view=ports&port=8000` is ours to change, the document is not. */
function documentUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    parsed.search = '';
    return parsed.href;
  } catch {
    return null;
  }
}

/**
 * Null when the sender is trusted, else the reason for refusing it (logged, and returned
 * to the caller as a `forbidden` error).
 */
export function senderRejection(facts: SenderFacts, trusted: TrustedSender): string | null {
  if (trusted.windowId === null) return 'no dashboard window is open';
  if (facts.windowId === null) return 'sender does not belong to a window';
  if (facts.windowId !== trusted.windowId) return `sender window ${facts.windowId} is not the dashboard window`;
  if (!facts.isMainFrame) return 'sender is not the main frame';
  if (facts.frameUrl === null) return 'sender frame is gone';
  const actual = documentUrl(facts.frameUrl);
  const expected = documentUrl(trusted.rendererUrl);
  if (actual === null || expected === null || actual !== expected) {
    return `sender frame shows ${facts.frameUrl.slice(0, 200)}, not the dashboard`;
  }
  return null;
}
