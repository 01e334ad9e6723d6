/** The product record and the id rule, shared by the store, the loader and the routes. */

export interface Product {
  id: string;
  name: string | null;
  price: number | null;
}

/** Longest accepted id. */
export const MAX_ID_LENGTH = 128;

/** Ids are 1–128 characters of [A-Za-z0-9._:-]. Checked before anything else. */
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export function isValidProductId(id: unknown): id is string {
  return typeof id === 'string' && ID_PATTERN.test(id);
}

/** A human reason for an invalid id (for 400 bodies and loader messages). */
export function productIdProblem(id: unknown): string | null {
  if (typeof id !== 'string') return 'id must be a string';
  if (id.length === 0) return 'id must not be empty';
  if (id.length > MAX_ID_LENGTH) return `id is longer than ${MAX_ID_LENGTH} characters`;
  if (!ID_PATTERN.test(id)) return 'id may only contain A-Z a-z 0-9 . _ : -';
  return null;
}
