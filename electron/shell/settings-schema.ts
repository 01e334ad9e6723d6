/**
 * The settings store uses the SAME JSON Schema as portwarden.json (portwarden.schema.json at
 * the repository root), so the settings file in userData is itself a valid project file.
 * conf (under electron-store) takes a schema as two parts: the `properties` map and the
 * remaining root keywords; this splits a whole schema that way. Pure, so the split is
 * tested in plain Node with conf itself.
 */

/** The file name of the store inside userData: `<userData>/portwarden.json`. */
export const SETTINGS_STORE_NAME = 'portwarden';

export interface StoreSchemaParts {
  schema: Record<string, unknown>;
  rootSchema: Record<string, unknown>;
}

/**
 * Split a root JSON Schema into conf's `schema` (properties) and `rootSchema` (the rest).
 * `$schema` and `$id` are dropped: conf compiles with ajv's draft-2020-12 build, which
 * rejects a draft-07 meta-schema reference, and the keywords our schema uses (type,
 * properties, required, additionalProperties, definitions/$ref, enum, minimum, …) mean the
 * same in both drafts.
 */
export function storeSchemaParts(rootSchema: unknown): StoreSchemaParts {
  if (typeof rootSchema !== 'object' || rootSchema === null || Array.isArray(rootSchema)) {
    throw new TypeError('portwarden.schema.json must hold a JSON Schema object');
  }
  const { properties, $schema: _schema, $id: _id, ...rest } = rootSchema as Record<string, unknown>;
  if (typeof properties !== 'object' || properties === null) {
    throw new TypeError('portwarden.schema.json must describe an object with `properties`');
  }
  return { schema: properties as Record<string, unknown>, rootSchema: rest };
}
