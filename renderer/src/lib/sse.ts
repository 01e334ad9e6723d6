/**
 * A small incremental parser for text/event-stream (the WHATWG "event stream
 * interpretation" rules). The dashboard reads /api/events with fetch() because
 * EventSource cannot send the Authorization header, so it has to parse the stream itself.
 */

export interface SseMessage {
  /** The `event:` field; "message" when absent. */
  event: string;
  /** The `data:` lines joined with "\n". */
  data: string;
  /** The `id:` field, when one was set. */
  id: string | null;
}

export interface SseParser {
  /** Feed the next decoded chunk; returns the messages it completed. */
  push(chunk: string): SseMessage[];
  /** The `retry:` value the server last asked for, null when none. */
  retryMs(): number | null;
}

export function createSseParser(): SseParser {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let lastId: string | null = null;
  let retry: number | null = null;
  // A chunk may end between "\r" and "\n"; remember so the "\n" is not read as an empty line.
  let pendingCR = false;

  function dispatch(out: SseMessage[]): void {
    if (data.length > 0) out.push({ event: event || 'message', data: data.join('\n'), id: lastId });
    data = [];
    event = '';
  }

  function line(text: string, out: SseMessage[]): void {
    if (text === '') return dispatch(out);
    if (text.startsWith(':')) return; // comment / keep-alive
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        data.push(value);
        break;
      case 'event':
        event = value;
        break;
      case 'id':
        if (!value.includes('\0')) lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored by the spec
    }
  }

  return {
    push(chunk: string): SseMessage[] {
      const out: SseMessage[] = [];
      let text = chunk;
      if (pendingCR && text.startsWith('\n')) text = text.slice(1);
      pendingCR = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        line(buffer.slice(start, i), out);
        if (c === '\r') {
          if (i + 1 < buffer.length) {
            if (buffer[i + 1] === '\n') i++;
          } else {
            pendingCR = true;
          }
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
      return out;
    },
    retryMs: () => retry,
  };
}
