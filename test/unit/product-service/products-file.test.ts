import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Product } from '../../../electron/product-service/product.ts';
import { loadProductsFile, loadProductsText, parseProductLine } from '../../../electron/product-service/products-file.ts';

describe('parseProductLine', () => {
  it('reads a bare id', () => {
    expect(parseProductLine('A001')).toEqual({ id: 'A001', name: null, price: null });
    expect(parseProductLine('  sku:42-b.x_y\r')).toEqual({ id: 'sku:42-b.x_y', name: null, price: null });
  });

  it('reads id,name,price and keeps commas inside the name', () => {
    expect(parseProductLine('P1,Widget,9.99')).toEqual({ id: 'P1', name: 'Widget', price: 9.99 });
    expect(parseProductLine('P2,Cable, 2 m,3')).toEqual({ id: 'P2', name: 'Cable, 2 m', price: 3 });
    expect(parseProductLine('P3,,')).toEqual({ id: 'P3', name: null, price: null });
  });

  it('ignores blank lines, comments and the header', () => {
    expect(parseProductLine('')).toBeNull();
    expect(parseProductLine('   ')).toBeNull();
    expect(parseProductLine('# a comment')).toBeNull();
    expect(parseProductLine('id,name,price')).toBeNull();
  });

  it('reports bad lines', () => {
    expect(parseProductLine('bad id')).toEqual({ error: expect.stringMatching(/may only contain/) });
    expect(parseProductLine('x'.repeat(129))).toEqual({ error: expect.stringMatching(/longer than 128/) });
    expect(parseProductLine('P1,name')).toEqual({ error: expect.stringMatching(/expected/) });
    expect(parseProductLine('P1,name,cheap')).toEqual({ error: expect.stringMatching(/price/) });
    expect(parseProductLine('P1,name,-1')).toEqual({ error: expect.stringMatching(/price/) });
    expect(parseProductLine(',name,1')).toEqual({ error: expect.stringMatching(/empty/) });
  });
});

describe('loadProductsText', () => {
  const text = [
    '\ufeff# products', // 1 (BOM + comment)
    'A001', // 2
    '', // 3
    'A002,Gadget,1.5', // 4
    'not valid!', // 5
    'A003,x', // 6
    'A001', // 7 duplicate
    'A004', // 8
  ].join('\r\n');

  it('stores good lines batch by batch and reports bad ones with line numbers', async () => {
    const stored: Product[] = [];
    const seen = new Set<string>();
    const batches: number[] = [];
    const progress: number[] = [];
    const result = await loadProductsText(text, {
      batchSize: 2,
      insertBatch: (products) => {
        batches.push(products.length);
        let inserted = 0;
        for (const p of products) {
          stored.push(p);
          if (!seen.has(p.id)) inserted++;
          seen.add(p.id);
        }
        return inserted;
      },
      onProgress: (p) => progress.push(p.lines),
    });
    expect(stored.map((p) => p.id)).toEqual(['A001', 'A002', 'A001', 'A004']);
    expect(stored[1]).toEqual({ id: 'A002', name: 'Gadget', price: 1.5 });
    expect(batches).toEqual([2, 2]);
    expect(result).toMatchObject({ lines: 8, accepted: 4, inserted: 3, problemCount: 2 });
    expect(result.problems.map((p) => p.line)).toEqual([5, 6]);
    expect(result.problems[0].text).toBe('not valid!');
    expect(progress.at(-1)).toBe(8);
  });

  it('keeps only maxProblems problems but counts all', async () => {
    const result = await loadProductsText('!\n!\n!\nok\n', { insertBatch: (p) => p.length, maxProblems: 1 });
    expect(result.problemCount).toBe(3);
    expect(result.problems).toHaveLength(1);
    expect(result.inserted).toBe(1);
  });

  it('reads a file from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-products-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'products.txt');
    writeFileSync(file, 'B1\nB2,Thing,2\n');
    const ids: string[] = [];
    const result = await loadProductsFile(file, { insertBatch: (ps) => (ids.push(...ps.map((p) => p.id)), ps.length) });
    expect(ids).toEqual(['B1', 'B2']);
    expect(result.inserted).toBe(2);
  });
});
