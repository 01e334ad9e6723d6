/**
 * portwarden.schema.json, the defaults in core/config/defaults.ts and the types in
 * core/model/config.ts say the same thing. The schema's `default` values are what validation
 * fills in (ajv's useDefaults), so the code's default objects must equal them, and the
 * service-id pattern the control API checks must be the one the schema checks.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  HEALTH_DEFAULTS,
  PORTWARDEN_SCHEMA,
  SERVICE_DEFAULTS,
  validateConfig,
} from '../../../electron/core/config/index.ts';
import { SERVICE_ID_PATTERN } from '../../../electron/core/control/contract.ts';
import type { ServiceDefaultedField } from '../../../electron/core/model/config.ts';

type Schema = { properties?: Record<string, Schema>; items?: Schema; default?: unknown; pattern?: string };

const root = PORTWARDEN_SCHEMA as Schema;
const serviceSchema = root.properties!.services!.items!;
const healthSchema = root.properties!.ports!.items!.properties!.health!;

/** The `default` of every property of an object schema that has one. */
function schemaDefaults(schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if ('default' in property) out[name] = property.default;
  }
  return out;
}

describe('schema, defaults and types in step', () => {
  it('the default config is what validating an empty object gives', () => {
    expect(validateConfig({})).toEqual(DEFAULT_CONFIG);
    expect(schemaDefaults(root).pollIntervalMs).toBe(DEFAULT_CONFIG.pollIntervalMs);
    expect(schemaDefaults(root.properties!.productService!)).toEqual(DEFAULT_CONFIG.productService);
  });

  it('SERVICE_DEFAULTS are the schema defaults of a service entry', () => {
    expect(schemaDefaults(serviceSchema)).toEqual({ ...SERVICE_DEFAULTS, env: {}, requiredEnv: [] });
    const [filled] = validateConfig({ services: [{ id: 'api', command: 'true' }] }).services;
    expect(filled).toEqual({ id: 'api', command: 'true', ...SERVICE_DEFAULTS, env: {}, requiredEnv: [] });
  });

  it('CheckedServiceConfig requires exactly the fields the schema gives a default', () => {
    // Record<ServiceDefaultedField, true> does not compile with a field missing or extra.
    const defaulted: Record<ServiceDefaultedField, true> = {
      cwd: true,
      env: true,
      requiredEnv: true,
      autoRestart: true,
      graceMs: true,
      autoStart: true,
      startTimeoutMs: true,
    };
    expect(Object.keys(defaulted).sort()).toEqual(Object.keys(schemaDefaults(serviceSchema)).sort());
  });

  it('HEALTH_DEFAULTS are the schema defaults of a health block', () => {
    expect(schemaDefaults(healthSchema)).toEqual({ ...HEALTH_DEFAULTS, routes: [] });
    const [port] = validateConfig({ ports: [{ port: 8000, health: { url: 'http://127.0.0.1:8000/' } }] }).ports;
    expect(port!.health).toEqual({ url: 'http://127.0.0.1:8000/', ...HEALTH_DEFAULTS, routes: [] });
  });

  it('the service-id pattern is the one the schema checks, in both places it names a service', () => {
    const idPattern = serviceSchema.properties!.id!.pattern;
    const portService = root.properties!.ports!.items!.properties!.service!.pattern;
    expect(idPattern).toBe(SERVICE_ID_PATTERN.source);
    expect(portService).toBe(SERVICE_ID_PATTERN.source);
  });
});
