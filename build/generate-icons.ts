/**
 * Draws Portwarden's icons — a shield with a glyph — and writes them as PNG files:
 *   build/icon.png (1024), build/icons/<n>x<n>.png (Linux set)         the app icon
 *   build/tray/tray-<state>[Template][@2x].png (16 and 32 px)            the tray icons
 * States (the overall levels): ok (check mark), degraded (a minus: a port down or unhealthy),
 * critical (a cross: a critical diagnostic), conflict (exclamation mark), paused (two bars). Coloured images
 * for Windows/Linux; black-with-alpha "Template" images for the macOS menu bar, where the
 * glyph is cut out so macOS can tint them.
 *
 * Run: node_modules/.bin/node build/generate-icons.ts   (the images are committed; a unit
 * test checks they match this code).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodePng } from './png.ts';

type Point = [number, number];
type Rgba = [number, number, number, number];
type Glyph = 'check' | 'alert' | 'cross' | 'minus' | 'pause' | 'port';

/** Shield outline in unit coordinates (0..1), curves flattened to line segments. */
const SHIELD: Point[] = (() => {
  const pts: Point[] = [
    [0.5, 0.05],
    [0.89, 0.17],
    [0.89, 0.47],
  ];
  const quad = (a: Point, c: Point, b: Point) => {
    for (let i = 1; i <= 16; i++) {
      const t = i / 16;
      const u = 1 - t;
      pts.push([u * u * a[0] + 2 * u * t * c[0] + t * t * b[0], u * u * a[1] + 2 * u * t * c[1] + t * t * b[1]]);
    }
  };
  quad([0.89, 0.47], [0.87, 0.8], [0.5, 0.96]);
  quad([0.5, 0.96], [0.13, 0.8], [0.11, 0.47]);
  pts.push([0.11, 0.17]);
  return pts;
})();

function inPolygon(x: number, y: number, poly: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function distToSegment(x: number, y: number, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(x - (a[0] + t * dx), y - (a[1] + t * dy));
}

/** True when (x, y) is on the glyph. Strokes are fattened at small sizes to stay legible. */
function onGlyph(glyph: Glyph, x: number, y: number, small: boolean): boolean {
  const w = small ? 1.35 : 1;
  switch (glyph) {
    case 'check':
      return distToSegment(x, y, [0.31, 0.5], [0.45, 0.64]) < 0.055 * w || distToSegment(x, y, [0.45, 0.64], [0.7, 0.36]) < 0.055 * w;
    case 'alert':
      return distToSegment(x, y, [0.5, 0.26], [0.5, 0.54]) < 0.06 * w || Math.hypot(x - 0.5, y - 0.7) < 0.065 * w;
    case 'cross':
      return distToSegment(x, y, [0.34, 0.33], [0.66, 0.65]) < 0.055 * w || distToSegment(x, y, [0.66, 0.33], [0.34, 0.65]) < 0.055 * w;
    case 'minus':
      return distToSegment(x, y, [0.32, 0.49], [0.68, 0.49]) < 0.06 * w;
    case 'pause':
      return distToSegment(x, y, [0.4, 0.32], [0.4, 0.64]) < 0.055 * w || distToSegment(x, y, [0.6, 0.32], [0.6, 0.64]) < 0.055 * w;
    case 'port': {
      // A socket: a ring with a pin in the middle.
      const r = Math.hypot(x - 0.5, y - 0.48);
      return (r < 0.21 && r > 0.13) || r < 0.055;
    }
  }
}

/**
 * Render one icon. `fill` colours the shield; the glyph is `glyphColor`, or cut out (fully
 * transparent) when glyphColor is null, as macOS template images need.
 */
export function renderIcon(size: number, glyph: Glyph, fill: Rgba, glyphColor: Rgba | null): Buffer {
  const ss = size <= 64 ? 8 : size <= 256 ? 4 : 2;
  const small = size <= 32;
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let a = 0;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = (px + (sx + 0.5) / ss) / size;
          const y = (py + (sy + 0.5) / ss) / size;
          if (!inPolygon(x, y, SHIELD)) continue;
          const color = onGlyph(glyph, x, y, small) ? glyphColor : fill;
          if (!color) continue;
          // Premultiplied accumulation so edges blend correctly.
          const ca = color[3] / 255;
          a += ca;
          r += color[0] * ca;
          g += color[1] * ca;
          b += color[2] * ca;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
        rgba[i + 3] = Math.round((a / (ss * ss)) * 255);
      }
    }
  }
  return encodePng(size, size, rgba);
}

const WHITE: Rgba = [255, 255, 255, 255];
const BLACK: Rgba = [0, 0, 0, 255];
const STATE_STYLE: Record<'ok' | 'degraded' | 'critical' | 'conflict' | 'paused', { glyph: Glyph; fill: Rgba }> = {
  ok: { glyph: 'check', fill: [46, 158, 91, 255] },
  degraded: { glyph: 'minus', fill: [214, 140, 22, 255] },
  critical: { glyph: 'cross', fill: [176, 38, 38, 255] },
  conflict: { glyph: 'alert', fill: [217, 58, 43, 255] },
  paused: { glyph: 'pause', fill: [128, 134, 144, 255] },
};
const APP_FILL: Rgba = [47, 111, 222, 255];
export const LINUX_ICON_SIZES = [16, 32, 48, 64, 128, 256, 512] as const;

/** The app icons, keyed by path relative to build/ (slow: icon.png is 1024 px). */
export function renderAppIcons(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  files.set('icon.png', renderIcon(1024, 'port', APP_FILL, WHITE));
  for (const size of LINUX_ICON_SIZES) files.set(`icons/${size}x${size}.png`, renderIcon(size, 'port', APP_FILL, WHITE));
  return files;
}

/** The tray icons, keyed by path relative to build/. */
export function renderTrayIcons(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const [state, style] of Object.entries(STATE_STYLE)) {
    for (const [suffix, size] of [
      ['', 16],
      ['@2x', 32],
    ] as const) {
      files.set(`tray/tray-${state}${suffix}.png`, renderIcon(size, style.glyph, style.fill, WHITE));
      files.set(`tray/tray-${state}Template${suffix}.png`, renderIcon(size, style.glyph, BLACK, null));
    }
  }
  return files;
}

/** Every icon file, keyed by its path relative to build/. */
export function renderAllIcons(): Map<string, Buffer> {
  return new Map([...renderAppIcons(), ...renderTrayIcons()]);
}

if (import.meta.filename === process.argv[1]) {
  const root = import.meta.dirname;
  for (const [rel, data] of renderAllIcons()) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
    console.log(`${rel}  ${data.length} bytes`);
  }
}
