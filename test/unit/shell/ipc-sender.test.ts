import { describe, expect, it } from 'vitest';
import { senderRejection } from '../../../electron/shell/ipc-sender.ts';

const trusted = { windowId: 7, rendererUrl: 'file:///opt/Portwarden/resources/app.asar/dist/renderer/index.html' };
const good = { windowId: 7, isMainFrame: true, frameUrl: 'file:///opt/Portwarden/resources/app.asar/dist/renderer/index.html' };

describe('IPC sender check', () => {
  it('accepts the dashboard window main frame on our file, with or without a #port hash', () => {
    expect(senderRejection(good, trusted)).toBeNull();
    expect(senderRejection({ ...good, frameUrl: `${good.frameUrl}#port=8000` }, trusted)).toBeNull();
  });

  it('rejects a different window', () => {
    expect(senderRejection({ ...good, windowId: 8 }, trusted)).toMatch(/not the dashboard window/);
    expect(senderRejection({ ...good, windowId: null }, trusted)).toMatch(/does not belong to a window/);
  });

  it('rejects a sub-frame of our own window', () => {
    expect(senderRejection({ ...good, isMainFrame: false }, trusted)).toMatch(/not the main frame/);
  });

  it('rejects a foreign frame: a web page, another file, a data: or devtools URL', () => {
    for (const frameUrl of [
      'https://evil.example/index.html',
      'file:///tmp/index.html',
      'file:///opt/Portwarden/resources/app.asar/dist/renderer/other.html',
      'data:text/html,<script>portwarden.freePort(22)</script>',
      'devtools://devtools/bundled/inspector.html',
      'not a url',
    ]) {
      expect(senderRejection({ ...good, frameUrl }, trusted), frameUrl).toMatch(/not the dashboard/);
    }
  });

  it('rejects a destroyed frame and any sender while no dashboard exists', () => {
    expect(senderRejection({ ...good, frameUrl: null }, trusted)).toMatch(/frame is gone/);
    expect(senderRejection(good, { ...trusted, windowId: null })).toMatch(/no dashboard window/);
  });
});
