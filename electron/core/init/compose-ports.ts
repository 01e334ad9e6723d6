/**
 * Published ports of a Docker Compose file (docker-compose.yml, compose.yaml, …), read with
 * the `yaml` package. Both syntaxes of the Compose specification's `ports`:
 *
 *   short: "3000" (container only: no fixed host port), "8000:8000", "9090-9091:8080-8081",
 *          "127.0.0.1:8001:8001", "[::1]:6001:6001", "::1:6000:6000", "6060:6060/udp"
 *   long:  { target: 80, published: "8080", host_ip: 127.0.0.1, protocol: tcp }
 *
 * `${VAR}`, `${VAR:-default}` and `${VAR-default}` are filled from the .env beside the file,
 * as Compose does. UDP ports and ports Docker picks itself are not proposed. Pure.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export interface ComposePort {
  service: string;
  image: string | null;
  port: number;
  /** The host address it is published on, null for every address. */
  hostIp: string | null;
  containerPort: number | null;
  line: number;
  /** The entry as written ("127.0.0.1:8001:8001", "published: 8080"). */
  written: string;
}

export interface ComposeResult {
  ports: ComposePort[];
  /** Entries that were read but give no port to watch, and why. */
  skipped: { line: number; reason: string }[];
}

/** Ports in one range beyond this are left out (a 1000-port range is not a watch list). */
export const MAX_RANGE_PORTS = 10;

/** Compose's variable interpolation from `env`; unknown variables become '' (as Compose warns and does). */
export function interpolate(text: string, env: ReadonlyMap<string, string>): string {
  // `$$` is a literal `$`: matched first, so it is never read as the start of a variable.
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, braced: string | undefined, colon: string, op: string, arg: string, bare: string | undefined) => {
      if (match === '$$') return '$';
      const value = env.get(braced ?? bare ?? '');
      const unset = value === undefined || (colon === ':' && value === '');
      if (op === '-' && unset) return arg;
      return value ?? '';
    },
  );
}

function range(text: string): [number, number] | null {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!m) return null;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return from >= 1 && to <= 65_535 && from <= to ? [from, to] : null;
}

interface Published {
  host: [number, number] | null;
  container: [number, number] | null;
  hostIp: string | null;
  protocol: string;
}

/** Splits a short-syntax entry into host ip, host range, container range and protocol. */
export function parseShortPort(entry: string): Published | null {
  const [spec, protocol = 'tcp'] = entry.trim().split('/');
  let rest = spec;
  let hostIp: string | null = null;
  const bracketed = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (bracketed) {
    hostIp = bracketed[1];
    rest = bracketed[2];
  }
  const parts = rest.split(':');
  if (!bracketed && parts.length > 3) {
    // An unbracketed IPv6 host ("::1:6000:6000"): the last two parts are the ports.
    hostIp = parts.slice(0, -2).join(':');
    parts.splice(0, parts.length - 2);
  } else if (!bracketed && parts.length === 3) {
    hostIp = parts.shift() ?? null;
  }
  if (parts.length === 1) return { host: null, container: range(parts[0]), hostIp, protocol };
  if (parts.length !== 2) return null;
  return { host: parts[0] === '' ? null : range(parts[0]), container: range(parts[1]), hostIp: hostIp === '' ? null : hostIp, protocol };
}

function scalarText(node: unknown): string | null {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : null;
}

/** Reads the published ports of every service. Throws the yaml package's error for bad YAML. */
export function composePorts(text: string, env: ReadonlyMap<string, string> = new Map()): ComposeResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) throw doc.errors[0];
  const result: ComposeResult = { ports: [], skipped: [] };
  const services = doc.get('services', true);
  if (!isMap(services)) return result;
  const lineAt = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : 0);
  for (const pair of services.items) {
    const service = scalarText(pair.key);
    if (service === null || !isMap(pair.value)) continue;
    const image = scalarText(pair.value.get('image', true));
    const ports = pair.value.get('ports', true);
    if (!isSeq(ports)) continue;
    for (const item of ports.items) {
      const line = lineAt(item as Node);
      const read = readEntry(item, env);
      if (read === null) {
        result.skipped.push({ line, reason: `service ${service}: a ports entry Portwarden cannot read` });
        continue;
      }
      const { published, written } = read;
      if (published.protocol !== 'tcp') continue;
      if (published.host === null) {
        result.skipped.push({ line, reason: `service ${service}: ${written} publishes no fixed host port (Docker picks one)` });
        continue;
      }
      const [from, to] = published.host;
      const containerFrom = published.container?.[0] ?? null;
      const spread = published.container !== null && published.container[1] > published.container[0];
      if (to > from && !spread && published.container !== null) {
        result.skipped.push({
          line,
          reason: `service ${service}: host range ${from}-${to} for one container port: Docker picks one of them`,
        });
        continue;
      }
      const last = Math.min(to, from + MAX_RANGE_PORTS - 1);
      if (to > last)
        result.skipped.push({
          line,
          reason: `service ${service}: ${written} spans ${to - from + 1} ports; only the first ${MAX_RANGE_PORTS} are proposed`,
        });
      for (let port = from; port <= last; port++) {
        result.ports.push({
          service,
          image,
          port,
          hostIp: published.hostIp,
          line,
          written,
          containerPort: containerFrom === null ? null : spread ? containerFrom + (port - from) : containerFrom,
        });
      }
    }
  }
  return result;
}

function readEntry(item: unknown, env: ReadonlyMap<string, string>): { published: Published; written: string } | null {
  const short = scalarText(item);
  if (short !== null) {
    const written = interpolate(short, env);
    const published = parseShortPort(written);
    return published === null ? null : { published, written };
  }
  if (!isMap(item)) return null;
  const target = scalarText(item.get('target', true));
  const publishedText = scalarText(item.get('published', true));
  const hostIp = scalarText(item.get('host_ip', true));
  const protocol = scalarText(item.get('protocol', true)) ?? 'tcp';
  const published = publishedText === null ? null : interpolate(publishedText, env);
  return {
    published: {
      host: published === null ? null : range(published),
      container: target === null ? null : range(interpolate(target, env)),
      hostIp: hostIp === null ? null : interpolate(hostIp, env),
      protocol: interpolate(protocol, env).toLowerCase(),
    },
    written: published === null ? `target: ${target ?? '?'}` : `published: ${published}`,
  };
}

/** Compose file names, in the order Compose looks for them. */
export const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;
