/**
 * The Settings form: drafts (what the inputs hold, as text) to and from PortwardenConfig,
 * and validation with a message per field. The server validates against the JSON Schema
 * again on save; this catches mistakes before a round trip and names the field.
 * Fields the form does not edit (env, health routes, productService, …) are kept as they were.
 */
import type {
  HealthConfig,
  OwnerMatcher,
  PortwardenConfig,
  ServiceConfig,
  WatchedPortConfig,
} from '../../../electron/core/control/contract.ts';
import { SERVICE_ID_PATTERN } from '../../../electron/core/control/contract.ts';

export interface PortDraft {
  key: string;
  port: string;
  name: string;
  service: string;
  healthUrl: string;
  /** The owner matcher, for a port Portwarden does not run (each field optional). */
  ownerCommand: string;
  ownerUser: string;
  ownerCwd: string;
  ownerUnit: string;
  logFile: string;
  original: WatchedPortConfig | null;
}

export interface ServiceDraft {
  key: string;
  id: string;
  command: string;
  cwd: string;
  port: string;
  requiredEnv: string;
  autoRestart: boolean;
  autoStart: boolean;
  original: ServiceConfig | null;
}

export interface SettingsDraft {
  pollIntervalMs: string;
  ports: PortDraft[];
  services: ServiceDraft[];
}

/** Field path ("ports.0.port", "services.1.id", "pollIntervalMs") → message. */
export type SettingsErrors = Record<string, string>;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const MIN_POLL_MS = 100;
export const MAX_POLL_MS = 60_000;
const MAX_NAME = 100;
const MAX_COMMAND = 4096;

let keyCounter = 0;
/** Stable React keys for rows that have no id yet. */
export function newKey(): string {
  keyCounter += 1;
  return `row-${keyCounter}`;
}

export function emptyPortDraft(): PortDraft {
  return {
    key: newKey(),
    port: '',
    name: '',
    service: '',
    healthUrl: '',
    ownerCommand: '',
    ownerUser: '',
    ownerCwd: '',
    ownerUnit: '',
    logFile: '',
    original: null,
  };
}

export function emptyServiceDraft(): ServiceDraft {
  return { key: newKey(), id: '', command: '', cwd: '', port: '', requiredEnv: '', autoRestart: false, autoStart: false, original: null };
}

export function toDraft(config: PortwardenConfig): SettingsDraft {
  return {
    pollIntervalMs: String(config.pollIntervalMs),
    ports: config.ports.map((p) => ({
      key: newKey(),
      port: String(p.port),
      name: p.name ?? '',
      service: p.service ?? '',
      healthUrl: p.health?.url ?? '',
      ownerCommand: p.owner?.command ?? '',
      ownerUser: p.owner?.user ?? '',
      ownerCwd: p.owner?.cwd ?? '',
      ownerUnit: p.owner?.unit ?? '',
      logFile: p.logFile ?? '',
      original: p,
    })),
    services: config.services.map((s) => ({
      key: newKey(),
      id: s.id,
      command: s.command,
      cwd: s.cwd ?? '',
      port: s.port === undefined ? '' : String(s.port),
      requiredEnv: (s.requiredEnv ?? []).join(', '),
      autoRestart: s.autoRestart ?? false,
      autoStart: s.autoStart ?? false,
      original: s,
    })),
  };
}

function parseIntIn(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function splitEnvNames(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s !== '');
}

/** Validate the draft; `config` is the config to save when there are no errors. */
export function validateDraft(draft: SettingsDraft, base: PortwardenConfig): { errors: SettingsErrors; config: PortwardenConfig | null } {
  const errors: SettingsErrors = {};
  const poll = parseIntIn(draft.pollIntervalMs, MIN_POLL_MS, MAX_POLL_MS);
  if (poll === null) errors.pollIntervalMs = `Poll interval must be a whole number of milliseconds from ${MIN_POLL_MS} to ${MAX_POLL_MS}.`;

  const serviceIds = new Set<string>();
  const services: ServiceConfig[] = draft.services.map((s, i) => {
    const id = s.id.trim();
    if (!SERVICE_ID_PATTERN.test(id))
      errors[`services.${i}.id`] = 'Id: 1–64 letters, digits, “.”, “_” or “-”, starting with a letter or digit.';
    else if (serviceIds.has(id)) errors[`services.${i}.id`] = `Another service already has the id “${id}”.`;
    serviceIds.add(id);
    if (s.command.trim() === '') errors[`services.${i}.command`] = 'Command is required (what you would type in a terminal).';
    else if (s.command.trim().length > MAX_COMMAND) errors[`services.${i}.command`] = `Command is longer than ${MAX_COMMAND} characters.`;
    let port: number | undefined;
    if (s.port.trim() !== '') {
      const p = parseIntIn(s.port, 1, 65535);
      if (p === null) errors[`services.${i}.port`] = 'Port must be a whole number from 1 to 65535.';
      else port = p;
    }
    const env = splitEnvNames(s.requiredEnv);
    const badEnv = env.find((n) => !ENV_NAME.test(n));
    if (badEnv) errors[`services.${i}.requiredEnv`] = `“${badEnv}” is not a valid environment variable name.`;
    const out: ServiceConfig = { ...(s.original ?? {}), id, command: s.command.trim(), autoRestart: s.autoRestart, autoStart: s.autoStart };
    if (s.cwd.trim() !== '') out.cwd = s.cwd.trim();
    else delete out.cwd;
    if (port !== undefined) out.port = port;
    else delete out.port;
    if (env.length > 0) out.requiredEnv = env;
    else delete out.requiredEnv;
    return out;
  });

  const portNumbers = new Set<number>();
  const ports: WatchedPortConfig[] = draft.ports.map((p, i) => {
    const n = parseIntIn(p.port, 1, 65535);
    if (n === null) errors[`ports.${i}.port`] = 'Port must be a whole number from 1 to 65535.';
    else if (portNumbers.has(n)) errors[`ports.${i}.port`] = `Port ${n} is listed twice.`;
    if (n !== null) portNumbers.add(n);
    if (p.name.trim().length > MAX_NAME) errors[`ports.${i}.name`] = `Name is longer than ${MAX_NAME} characters.`;
    const service = p.service.trim();
    if (service !== '' && !serviceIds.has(service)) errors[`ports.${i}.service`] = `No service with the id “${service}”.`;
    const url = p.healthUrl.trim();
    if (url !== '' && !isHttpUrl(url)) errors[`ports.${i}.healthUrl`] = 'Health URL must start with http:// or https://.';
    const out: WatchedPortConfig = { ...(p.original ?? {}), port: n ?? 0 };
    if (p.name.trim() !== '') out.name = p.name.trim();
    else delete out.name;
    if (service !== '') out.service = service;
    else delete out.service;
    const owner: OwnerMatcher = {};
    if (p.ownerCommand.trim() !== '') owner.command = p.ownerCommand.trim();
    if (p.ownerUser.trim() !== '') owner.user = p.ownerUser.trim();
    if (p.ownerCwd.trim() !== '') owner.cwd = p.ownerCwd.trim();
    if (p.ownerUnit.trim() !== '') owner.unit = p.ownerUnit.trim();
    if (Object.keys(owner).length > 0) {
      if (service !== '')
        errors[`ports.${i}.owner`] = 'A port with a service is owned by that service; leave the owner fields empty, or clear the service.';
      out.owner = owner;
    } else delete out.owner;
    if (p.logFile.trim() !== '') out.logFile = p.logFile.trim();
    else delete out.logFile;
    const health: HealthConfig = { ...(p.original?.health ?? {}) };
    if (url !== '') health.url = url;
    else delete health.url;
    if (Object.keys(health).length > 0) out.health = health;
    else delete out.health;
    return out;
  });

  if (Object.keys(errors).length > 0) return { errors, config: null };
  return { errors, config: { ...base, pollIntervalMs: poll ?? base.pollIntervalMs, ports, services } };
}
