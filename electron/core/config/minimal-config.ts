/**
 * The config as a person would write it: every value that equals its schema default is left
 * out, so saving from the dashboard keeps a hand-written portwarden.json short instead of
 * spelling out `tcp: false`, `env: {}` and a productService block of nulls.
 */
import { isDeepStrictEqual } from 'node:util';
import type { PortwardenConfig } from '../model/config.ts';
import { PORTWARDEN_SCHEMA } from './schema.ts';

interface SchemaNode {
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` without the properties (at any depth) that equal their schema default. */
export function withoutDefaults(value: unknown, schema: SchemaNode | undefined): unknown {
  if (schema === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => withoutDefaults(item, schema.items));
  if (!isPlainObject(value) || schema.properties === undefined) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const childSchema = schema.properties[key];
    if (childSchema !== undefined && 'default' in childSchema) {
      // Compared after stripping both sides: an object whose every field is a default is
      // itself the default (productService: {enabled: false, port: 8010, host: …}).
      if (isDeepStrictEqual(withoutDefaults(child, childSchema), withoutDefaults(childSchema.default, childSchema))) continue;
    }
    out[key] = withoutDefaults(child, childSchema);
  }
  return out;
}

/** A validated config reduced to what differs from the defaults (validating it gives it back). */
export function minimalConfig(config: PortwardenConfig): Partial<PortwardenConfig> {
  return withoutDefaults(config, PORTWARDEN_SCHEMA as SchemaNode) as Partial<PortwardenConfig>;
}
