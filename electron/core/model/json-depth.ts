/**
 * How deeply a parsed JSON value nests, measured without recursion. A body or a config file
 * nested thousands of levels deep parses fine (JSON.parse does not recurse) but overflows
 * the stack of every recursive walker after it (structuredClone, the schema validator),
 * so callers refuse such values first, with a message, instead of crashing.
 */

/** Far deeper than any portwarden.json or request body needs (they nest a few levels). */
export const MAX_JSON_DEPTH = 64;

/**
 * True when `value` nests objects/arrays more than `limit` levels deep. Stops at the first
 * path that does; visits each container once (a parsed JSON value has no cycles, and a
 * cycle in hand-built input is cut by the visited set).
 */
export function nestedDeeperThan(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (depth + 1 > limit) return true;
    for (const child of Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}
