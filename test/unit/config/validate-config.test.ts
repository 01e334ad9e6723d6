import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  DEFAULT_CONFIG,
  loadConfig,
  saveConfigFile,
  validateConfig,
  fieldName,
  PORTWARDEN_SCHEMA,
} from '../../../electron/core/config/index.ts';

function errorsOf(value: unknown): string[] {
  try {
    validateConfig(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).errors;
  }
  throw new Error('expected a ConfigError');
}

const issueExample = {
  pollIntervalMs: 1000,
  ports: [
    { port: 8000, name: 'API', service: 'api', health: { url: 'http://127.0.0.1:8000/health', routes: ['/', '/docs'], expectStatus: 200 } },
  ],
  services: [
    {
      id: 'api',
      command: 'python3 -m http.server 8000',
      cwd: '.',
      env: {},
      requiredEnv: ['API_KEY'],
      port: 8000,
      autoRestart: true,
      graceMs: 3000,
    },
  ],
  productService: { enabled: false, port: 8010, productsFile: 'data/products.txt', redisUrl: null },
};

describe('validateConfig', () => {
  it('accepts the issue example and fills defaults', () => {
    const config = validateConfig(issueExample);
    expect(config.services[0]!.autoStart).toBe(false);
    expect(config.ports[0]!.health!.timeoutMs).toBe(2000);
    expect(config.productService.host).toBe('127.0.0.1');
  });

  it('fills a whole config from {}', () => {
    const config = validateConfig({});
    expect(config).toEqual({
      ...DEFAULT_CONFIG,
      productService: {
        enabled: false,
        port: 8010,
        host: '127.0.0.1',
        productsFile: null,
        dbFile: null,
        redisUrl: null,
        sharedFilter: false,
      },
    });
  });

  it('names the field for range errors', () => {
    expect(errorsOf({ ports: [{ port: 70000 }] })).toEqual(['ports[0].port must be <= 65535']);
  });

  it('names unknown and missing fields', () => {
    const errors = errorsOf({ ports: [{ prot: 8000 }], services: [{ id: 'a' }] });
    expect(errors).toContain('ports[0].port is required');
    expect(errors).toContain('ports[0].prot is not a known field');
    expect(errors).toContain('services[0].command is required');
  });

  it('names the field for type errors', () => {
    expect(errorsOf({ pollIntervalMs: 'fast' })).toEqual(['pollIntervalMs must be integer']);
    expect(errorsOf({ services: [{ id: 'a', command: 'x', env: { A: 1 } }] })).toEqual(['services[0].env.A must be string']);
  });

  it('accepts only redis://, rediss:// or fakeredis:// as productService.redisUrl', () => {
    expect(errorsOf({ productService: { redisUrl: 'http://127.0.0.1:6379' } })).toEqual([
      'productService.redisUrl must start with redis://, rediss:// or fakeredis://',
    ]);
    expect(validateConfig({ productService: { redisUrl: 'fakeredis://' } }).productService.redisUrl).toBe('fakeredis://');
    expect(validateConfig({ productService: { redisUrl: 'rediss://cache.local:6380' } }).productService.redisUrl).toBe(
      'rediss://cache.local:6380',
    );
  });

  it('says what a pattern wants in words, not as a regex', () => {
    expect(errorsOf({ services: [{ id: 'my api', command: 'x' }] })).toEqual([
      'services[0].id must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    ]);
    expect(errorsOf({ services: [{ id: 'a', command: 'x', requiredEnv: ['1BAD'] }] })).toEqual([
      'services[0].requiredEnv[0] must be an environment variable name (letters, digits and _, not starting with a digit)',
    ]);
    expect(errorsOf({ ports: [{ port: 8000, health: { url: 'ftp://x', routes: ['docs'] } }] })).toEqual([
      'ports[0].health.url must start with http:// or https://',
      'ports[0].health.routes[0] must start with /',
    ]);
  });

  it('rejects a port whose service does not exist', () => {
    expect(errorsOf({ ports: [{ port: 8000, service: 'nope' }] })).toEqual([
      'ports[0].service "nope" is not the id of a configured service',
    ]);
  });

  it('rejects duplicate ports, ids and service ports', () => {
    const errors = errorsOf({
      ports: [{ port: 8000 }, { port: 8000 }],
      services: [
        { id: 'a', command: 'x', port: 9000 },
        { id: 'a', command: 'y', port: 9000 },
      ],
    });
    expect(errors).toContain('ports[1].port 8000 is already watched by ports[0]');
    expect(errors).toContain('services[1].id "a" is already used by services[0]');
    expect(errors).toContain('services[1].port 9000 is already the port of services[0]');
  });

  it('rejects a port pointing at a service with a different port', () => {
    expect(errorsOf({ ports: [{ port: 8000, service: 'a' }], services: [{ id: 'a', command: 'x', port: 8001 }] })).toEqual([
      'ports[0].service "a" listens on 8001 (services[0].port), not 8000',
    ]);
  });

  it('rejects non-objects', () => {
    expect(errorsOf([])).toEqual(['config must be a JSON object']);
    expect(errorsOf(null)).toEqual(['config must be a JSON object']);
  });

  it('does not modify its input', () => {
    const input = { ports: [{ port: 1 }] };
    validateConfig(input);
    expect(input).toEqual({ ports: [{ port: 1 }] });
  });

  it('turns JSON pointers into field names', () => {
    expect(fieldName('')).toBe('config');
    expect(fieldName('/services/2/env', 'MY-VAR')).toBe('services[2].env["MY-VAR"]');
  });

  it('schema is draft-07 with descriptions and closed objects', () => {
    expect(PORTWARDEN_SCHEMA.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(PORTWARDEN_SCHEMA.additionalProperties).toBe(false);
    const props = PORTWARDEN_SCHEMA.properties as Record<string, { description?: string }>;
    for (const [key, value] of Object.entries(props)) expect(value.description, key).toMatch(/\S/);
  });
});

describe('loadConfig', () => {
  async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'pw-config-'));
    try {
      return await fn(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('returns defaults when portwarden.json is missing from cwd', async () => {
    await withDir(async (dir) => {
      const loaded = await loadConfig(undefined, dir);
      expect(loaded.exists).toBe(false);
      expect(loaded.config.ports).toEqual([]);
      expect(loaded.baseDir).toBe(dir);
    });
  });

  it('fails for an explicit --config file that is missing', async () => {
    await withDir(async (dir) => {
      await expect(loadConfig('nope.json', dir)).rejects.toThrow(/no such file/);
    });
  });

  it('reports malformed JSON with line and column', async () => {
    await withDir(async (dir) => {
      await writeFile(join(dir, 'portwarden.json'), '{\n  "ports": [\n    { "port": 8000, }\n  ]\n}\n');
      const error = await loadConfig(undefined, dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/not valid JSON at line 3, column \d+/);
    });
  });

  it('names the file and field of an invalid config', async () => {
    await withDir(async (dir) => {
      await writeFile(join(dir, 'custom.json'), JSON.stringify({ ports: [{ port: 0 }] }));
      await expect(loadConfig('custom.json', dir)).rejects.toThrow(/custom\.json: ports\[0\]\.port must be >= 1/);
    });
  });

  it('round-trips through saveConfigFile', async () => {
    await withDir(async (dir) => {
      const file = join(dir, 'portwarden.json');
      const config = validateConfig(issueExample);
      await saveConfigFile(file, config);
      // A new file gets no $schema: a relative reference would be wrong wherever the file is.
      expect(JSON.parse(await readFile(file, 'utf8'))).not.toHaveProperty('$schema');
      const loaded = await loadConfig(file);
      expect(loaded.config).toEqual(config);
    });
  });

  it('saveConfigFile writes only what differs from the defaults, and loads back the same config', async () => {
    await withDir(async (dir) => {
      const file = join(dir, 'portwarden.json');
      const config = validateConfig(issueExample);
      await saveConfigFile(file, config);
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
        ports: [{ port: 8000, name: 'API', service: 'api', health: { url: 'http://127.0.0.1:8000/health', routes: ['/', '/docs'] } }],
        services: [{ id: 'api', command: 'python3 -m http.server 8000', requiredEnv: ['API_KEY'], port: 8000, autoRestart: true }],
        productService: { productsFile: 'data/products.txt' },
      });
      expect((await loadConfig(file)).config).toEqual(config);
      // Nothing but defaults: an empty object, which loads as the default config.
      await saveConfigFile(file, validateConfig({}));
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({});
      expect((await loadConfig(file)).config).toEqual(validateConfig({}));
    });
  });

  it("saveConfigFile keeps the $schema the user's file had", async () => {
    await withDir(async (dir) => {
      const file = join(dir, 'portwarden.json');
      const ref = '../../node_modules/portwarden/portwarden.schema.json';
      await writeFile(file, JSON.stringify({ $schema: ref, pollIntervalMs: 2000 }));
      const loaded = await loadConfig(file);
      await saveConfigFile(file, { ...loaded.config, pollIntervalMs: 1500 });
      const text = await readFile(file, 'utf8');
      expect(Object.keys(JSON.parse(text))[0]).toBe('$schema');
      expect(JSON.parse(text)).toMatchObject({ $schema: ref, pollIntervalMs: 1500 });
      expect((await loadConfig(file)).config.pollIntervalMs).toBe(1500);
    });
  });
});

describe('input no config could use (whatever path it came by: HTTP, IPC, an imported file)', () => {
  const nest = (depth: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = { x: value };
    return value;
  };

  it('refuses nesting deeper than 64 levels with a message, not a stack overflow', () => {
    expect(() => validateConfig(nest(10_000) as object)).toThrow('config nests objects or arrays more than 64 levels deep');
    expect(() => validateConfig({ services: [{ id: 'a', command: 'true', env: nest(10_000) }] })).toThrow(ConfigError);
    // 64 is far more than a real file needs, and does not trip the limit by itself.
    expect(() => validateConfig({ services: [{ id: 'a', command: 'true', env: nest(60) }] })).toThrow(/env\.x must be string/);
  });

  it('refuses a NUL byte anywhere, naming each field', () => {
    const error = (() => {
      try {
        validateConfig({ services: [{ id: 'a', command: 'a\u0000', cwd: '\u0000', env: { K: 'v\u0000' } }] });
      } catch (e) {
        return e as ConfigError;
      }
      return null;
    })();
    expect(error?.errors).toEqual([
      'services[0].command contains a NUL byte (\\u0000), which no command, path or environment variable can hold',
      'services[0].cwd contains a NUL byte (\\u0000), which no command, path or environment variable can hold',
      'services[0].env.K contains a NUL byte (\\u0000), which no command, path or environment variable can hold',
    ]);
  });
});
