/**
 * The JSON Schema of portwarden.json, shipped at the repository root so editors complete the
 * file, and used by ajv (core/config/validate-config.ts) and by the settings store in the shell
 * (electron/shell/settings-schema.ts).
 */
import schemaJson from '../../../portwarden.schema.json' with { type: 'json' };

/** The schema object itself (draft-07). Treat as read-only. */
export const PORTWARDEN_SCHEMA: Readonly<Record<string, unknown>> = schemaJson as Record<string, unknown>;
