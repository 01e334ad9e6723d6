/**
 * The JSON Schema of portwarden.json, shipped at the repository root so editors complete the
 * file, and used by ajv here and by electron-store in the shell (draft-07: both accept it).
 */
import schemaJson from '../../../portwarden.schema.json' with { type: 'json' };

/** The schema object itself (draft-07). Treat as read-only. */
export const PORTWARDEN_SCHEMA: Readonly<Record<string, unknown>> = schemaJson as Record<string, unknown>;

/**
 * The per-property schemas, in the shape electron-store's `schema` option expects
 * (it wraps them in its own object schema).
 */
export function storePropertySchemas(): Record<string, unknown> {
  const properties = { ...(schemaJson.properties as Record<string, unknown>) };
  delete properties.$schema;
  return structuredClone(properties);
}
