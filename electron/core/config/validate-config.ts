/**
 * Validation of a portwarden.json value: the JSON Schema (ajv) first, then the checks a
 * schema can't express (a port's service must exist, no duplicate ports or ids).
 * Every message names the field: "ports[0].port must be <= 65535".
 */
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { PORTWARDEN_SCHEMA } from './schema.ts';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../model/json-depth.ts';
import { SERVICE_ID_PATTERN } from '../model/config.ts';
import type { CheckedConfig, PortwardenConfig } from '../model/config.ts';

/** Thrown for an invalid config; `errors` lists one plain message per problem. */
export class ConfigError extends Error {
  readonly errors: string[];
  constructor(errors: string[], prefix = 'invalid config', options?: ErrorOptions) {
    super(`${prefix}: ${errors.join('; ')}`, options);
    this.name = 'ConfigError';
    this.errors = errors;
  }
}

let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  // useDefaults fills every `default` from the schema, so the rest of the code sees a
  // complete config; allErrors reports every problem at once instead of the first.
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
  compiled = ajv.compile(PORTWARDEN_SCHEMA);
  return compiled;
}

/** "/ports/0/port" → "ports[0].port"; "" → "config". */
export function fieldName(instancePath: string, child?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  let out = '';
  for (const part of parts) {
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out === '' ? 'config' : out;
}

/** The schema's patterns in plain words, so an error says what to write, not a regex. */
const PATTERN_WORDS: Record<string, string> = {
  '^https?://': 'must start with http:// or https://',
  '^/': 'must start with /',
  '^(rediss?|fakeredis)://': 'must start with redis://, rediss:// or fakeredis://',
  [SERVICE_ID_PATTERN.source]: 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  '^[A-Za-z_][A-Za-z0-9_]*$': 'must be an environment variable name (letters, digits and _, not starting with a digit)',
};

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${fieldName(error.instancePath, String(params.additionalProperty))} is not a known field`;
    case 'required':
      return `${fieldName(error.instancePath, String(params.missingProperty))} is required`;
    case 'pattern':
      return `${fieldName(error.instancePath)} ${PATTERN_WORDS[String(params.pattern)] ?? `must match ${String(params.pattern)}`}`;
    default:
      return `${fieldName(error.instancePath)} ${error.message ?? 'is invalid'}`;
  }
}

/**
 * Every field (or object key) holding a NUL byte. Commands, working directories and
 * environment variables reach spawn(), and paths reach the file system, none of which can
 * carry one: refused here, so a config that could never start is never saved.
 */
function nulBytePaths(value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (typeof node === 'string') {
      if (node.includes('\0')) found.push(fieldName(path));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      const childPath = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key.includes('\0')) found.push(`${fieldName(path)} has a key that`);
      walk(child, childPath);
    }
  };
  walk(value, ''); // depth already bounded by the caller
  return [...new Set(found)];
}

function crossFieldErrors(config: PortwardenConfig): string[] {
  const errors: string[] = [];
  const serviceIndex = new Map<string, number>();
  config.services.forEach((service, i) => {
    const first = serviceIndex.get(service.id);
    if (first !== undefined) errors.push(`services[${i}].id "${service.id}" is already used by services[${first}]`);
    else serviceIndex.set(service.id, i);
  });
  const servicePort = new Map<number, number>();
  config.services.forEach((service, i) => {
    if (service.port === undefined) return;
    const first = servicePort.get(service.port);
    if (first !== undefined) errors.push(`services[${i}].port ${service.port} is already the port of services[${first}]`);
    else servicePort.set(service.port, i);
  });
  const portIndex = new Map<number, number>();
  config.ports.forEach((entry, i) => {
    const first = portIndex.get(entry.port);
    if (first !== undefined) errors.push(`ports[${i}].port ${entry.port} is already watched by ports[${first}]`);
    else portIndex.set(entry.port, i);
    if (entry.service !== undefined && entry.owner !== undefined) {
      errors.push(
        `ports[${i}] has both service and owner: a port Portwarden runs is owned by its service's process tree; give one of them`,
      );
    }
    if (entry.service === undefined) return;
    const si = serviceIndex.get(entry.service);
    if (si === undefined) {
      errors.push(`ports[${i}].service "${entry.service}" is not the id of a configured service`);
      return;
    }
    const declared = config.services[si]!.port;
    if (declared !== undefined && declared !== entry.port) {
      errors.push(`ports[${i}].service "${entry.service}" listens on ${declared} (services[${si}].port), not ${entry.port}`);
    }
  });
  config.ports.forEach((entry, i) => {
    if (!entry.health?.routes?.length || entry.health.url) return;
    errors.push(`ports[${i}].health.routes needs ports[${i}].health.url (routes are resolved against its origin)`);
  });
  return errors;
}

/**
 * Check `value` against the schema and the cross-field rules; returns a new, complete
 * config (defaults filled in; `$schema` dropped). Throws ConfigError naming every bad field.
 */
export function validateConfig(value: unknown): CheckedConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(['config must be a JSON object']);
  }
  // Before anything recursive (structuredClone, ajv) could overflow the stack on it.
  if (nestedDeeperThan(value, MAX_JSON_DEPTH)) {
    throw new ConfigError([`config nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep; a portwarden.json needs a few`]);
  }
  const nul = nulBytePaths(value);
  if (nul.length > 0)
    throw new ConfigError(
      nul.map((field) => `${field} contains a NUL byte (\\u0000), which no command, path or environment variable can hold`),
    );
  const copy = structuredClone(value) as Record<string, unknown>;
  const validate = validator();
  if (!validate(copy)) {
    const messages = [...new Set((validate.errors ?? []).map(describe))];
    throw new ConfigError(messages);
  }
  delete copy.$schema;
  // ajv's useDefaults filled every schema default in: the shape CheckedConfig promises.
  const config = copy as unknown as CheckedConfig;
  const errors = crossFieldErrors(config);
  if (errors.length > 0) throw new ConfigError(errors);
  return config;
}
