/**
 * The products file: one id per line, or `id,name,price` CSV lines. Blank lines and lines
 * starting with `#` are ignored, as is an `id,name,price` header line. Bad lines are
 * reported with their line numbers and skipped; they never stop the load.
 *
 * CSV fields are split at the FIRST and LAST comma, so a name may itself contain commas
 * (`P1,Cable, 2 m,9.99` → name "Cable, 2 m"). An empty name or price is null.
 */
import { readFile } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { productIdProblem, type Product } from './product.ts';

export interface ProductLineProblem {
  /** 1-based line number. */
  line: number;
  message: string;
  text: string;
}

export interface LoadProgress {
  lines: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface LoadProductsOptions {
  /** Stores one batch (inside one transaction) and returns how many rows were new. */
  insertBatch: (products: Product[]) => number | Promise<number>;
  /** Called after every batch. */
  onProgress?: (progress: LoadProgress) => void;
  /** Lines per batch; the loader yields to the event loop between batches. */
  batchSize?: number;
  /** How many problems to keep in the result (all are counted). Default 100. */
  maxProblems?: number;
}

export interface LoadProductsResult {
  lines: number;
  /** Lines that parsed into a product. */
  accepted: number;
  /** Rows that were new to the database. */
  inserted: number;
  problemCount: number;
  problems: ProductLineProblem[];
}

/** Parses one line: a product, null for blank/comment/header lines, or a problem message. */
export function parseProductLine(raw: string): Product | null | { error: string } {
  const text = raw.trim();
  if (text === '' || text.startsWith('#')) return null;
  const first = text.indexOf(',');
  if (first === -1) {
    const problem = productIdProblem(text);
    return problem ? { error: problem } : { id: text, name: null, price: null };
  }
  const last = text.lastIndexOf(',');
  if (first === last) return { error: 'expected "id" or "id,name,price"' };
  const id = text.slice(0, first).trim();
  const name = text.slice(first + 1, last).trim();
  const priceText = text.slice(last + 1).trim();
  if (id.toLowerCase() === 'id' && name.toLowerCase() === 'name' && priceText.toLowerCase() === 'price') return null;
  const problem = productIdProblem(id);
  if (problem) return { error: problem };
  let price: number | null = null;
  if (priceText !== '') {
    price = Number(priceText);
    if (!Number.isFinite(price) || price < 0) return { error: `price ${JSON.stringify(priceText)} is not a non-negative number` };
  }
  return { id, name: name === '' ? null : name, price };
}

/** Parses `text` (a whole file) and stores it batch by batch. */
export async function loadProductsText(text: string, options: LoadProductsOptions): Promise<LoadProductsResult> {
  const batchSize = options.batchSize ?? 50_000;
  const maxProblems = options.maxProblems ?? 100;
  const result: LoadProductsResult = { lines: 0, accepted: 0, inserted: 0, problemCount: 0, problems: [] };
  // A UTF-8 byte-order mark would otherwise become part of the first id.
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const total = text.length;
  let batch: Product[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length > 0) result.inserted += await options.insertBatch(batch);
    batch = [];
    options.onProgress?.({ lines: result.lines, bytesDone: pos, bytesTotal: total });
    await yieldToEventLoop();
  };
  while (pos < total) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = total;
    const line = text.slice(pos, end);
    pos = end + 1;
    result.lines++;
    const parsed = parseProductLine(line);
    if (parsed === null) continue;
    if ('error' in parsed) {
      result.problemCount++;
      if (result.problems.length < maxProblems) {
        result.problems.push({ line: result.lines, message: parsed.error, text: line.trim().slice(0, 200) });
      }
      continue;
    }
    result.accepted++;
    batch.push(parsed);
    if (batch.length >= batchSize) await flush();
  }
  pos = total;
  await flush();
  return result;
}

/** Reads a products file (UTF-8) and stores it; see loadProductsText. */
export async function loadProductsFile(file: string, options: LoadProductsOptions): Promise<LoadProductsResult> {
  return loadProductsText(await readFile(file, 'utf8'), options);
}
