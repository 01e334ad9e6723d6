import { describe, expect, it } from 'vitest';
import { createSseParser } from './sse.ts';

describe('createSseParser', () => {
  it('parses data messages split across chunks at any byte', () => {
    const text = 'data: {"type":"state"}\n\nevent: ping\ndata: a\ndata: b\nid: 7\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const p = createSseParser();
      const out = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
      expect(out).toEqual([
        { event: 'message', data: '{"type":"state"}', id: null },
        { event: 'ping', data: 'a\nb', id: '7' },
      ]);
    }
  });

  it('accepts CRLF and CR line endings, including a CRLF split between chunks', () => {
    const p = createSseParser();
    expect(p.push('data: one\r')).toEqual([]);
    expect(p.push('\n\r\ndata: two\r\r')).toEqual([
      { event: 'message', data: 'one', id: null },
      { event: 'message', data: 'two', id: null },
    ]);
  });

  it('ignores comments, unknown fields and events without data; keeps retry', () => {
    const p = createSseParser();
    expect(p.push(': keep-alive\n\nfoo: bar\n\nevent: x\n\nretry: 1500\ndata\n\n')).toEqual([{ event: 'message', data: '', id: null }]);
    expect(p.retryMs()).toBe(1500);
  });

  it('holds an incomplete message until its blank line arrives', () => {
    const p = createSseParser();
    expect(p.push('data: half')).toEqual([]);
    expect(p.push('\n')).toEqual([]);
    expect(p.push('\n')).toEqual([{ event: 'message', data: 'half', id: null }]);
  });
});
