import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LINUX_ICON_SIZES, renderTrayIcons } from '../../../build/generate-icons.ts';
import { PNG_SIGNATURE, crc32, encodePng } from '../../../build/png.ts';

const buildDir = path.resolve(import.meta.dirname, '../../../build');

/** Parse a PNG far enough to check it: chunks with valid CRCs, size, RGBA pixels. */
function decodePng(file: Buffer): { width: number; height: number; rgba: Buffer } {
  expect(file.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (;;) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('ascii', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    expect(file.readUInt32BE(offset + 8 + length), `CRC of ${type}`).toBe(crc32(file.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]);
    }
    if (type === 'IDAT') idat.push(Buffer.from(data));
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, rgba };
}

describe('icons', () => {
  it('the PNG writer round-trips pixels', () => {
    const rgba = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256);
    const decoded = decodePng(encodePng(3, 2, rgba));
    expect(decoded.width).toBe(3);
    expect(decoded.height).toBe(2);
    expect([...decoded.rgba]).toEqual([...rgba]);
    expect(() => encodePng(2, 2, new Uint8Array(3))).toThrow(RangeError);
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
  });

  it('committed tray icons are what build/generate-icons.ts draws, at 16 and 32 px', () => {
    const rendered = renderTrayIcons();
    expect(rendered.size).toBe(20);
    for (const [rel, data] of rendered) {
      const committed = readFileSync(path.join(buildDir, rel));
      expect(committed.equals(data), `${rel} is stale: run node build/generate-icons.ts`).toBe(true);
      expect(decodePng(committed).width).toBe(rel.includes('@2x') ? 32 : 16);
    }
  });

  it('template images are black with alpha only; coloured ones are not', () => {
    const template = decodePng(readFileSync(path.join(buildDir, 'tray/tray-conflictTemplate@2x.png')));
    const coloured = decodePng(readFileSync(path.join(buildDir, 'tray/tray-conflict@2x.png')));
    let opaque = 0;
    for (let i = 0; i < template.rgba.length; i += 4) {
      if (template.rgba[i + 3]! > 0) {
        opaque++;
        expect([template.rgba[i], template.rgba[i + 1], template.rgba[i + 2]]).toEqual([0, 0, 0]);
      }
    }
    expect(opaque).toBeGreaterThan(200);
    // The glyph is cut out: the centre column has transparent pixels inside the shield.
    const center = (y: number) => template.rgba[(y * 32 + 16) * 4 + 3]!;
    expect(Array.from({ length: 32 }, (_, y) => center(y)).some((a, y) => a === 0 && y > 6 && y < 26)).toBe(true);
    const hasRed = coloured.rgba.some((v, i) => i % 4 === 0 && v > 200 && coloured.rgba[i + 1]! < 100);
    expect(hasRed).toBe(true);
  });

  it('app icons exist at every size electron-builder needs', () => {
    expect(decodePng(readFileSync(path.join(buildDir, 'icon.png'))).width).toBe(1024);
    for (const size of LINUX_ICON_SIZES) {
      const { width, height } = decodePng(readFileSync(path.join(buildDir, `icons/${size}x${size}.png`)));
      expect([width, height]).toEqual([size, size]);
    }
  });
});
