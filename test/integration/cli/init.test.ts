/**
 * `portwarden init` on a folder of real-world-shaped projects made here: a Vite app, a Next
 * app, an Express app with PORT in .env, a Compose file, a Procfile app, a FastAPI app, a
 * Django app and a monorepo with two packages. Run as the real CLI (`node electron/cli.ts`).
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../electron/core/config/load-config.ts';
import type { InitProposal, PortProposal } from '../../../electron/core/init/types.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], ids: { uid?: number; gid?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['electron/cli.ts', ...args], { timeout: 30_000, ...ids }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const root = mkdtempSync(path.join(tmpdir(), 'pw-init-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes `files` (path → text) under a new project folder and returns its path. */
function project(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

async function propose(dir: string): Promise<InitProposal & { config: unknown }> {
  const run = await cli(['init', dir, '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as InitProposal & { config: unknown };
}

/** port → "file:line why" for compact assertions. */
function summary(proposals: readonly PortProposal[]): Record<number, string> {
  return Object.fromEntries(proposals.map((p) => [p.port, `${p.sources[0]?.file}:${p.sources[0]?.line} ${p.why}`]));
}

describe('portwarden init on real-world-shaped projects', () => {
  it('a Vite app: dev 5173 and preview 4173 from the scripts, nothing for build', async () => {
    const dir = project('vite-app', {
      'package.json': json({
        name: 'storefront',
        private: true,
        scripts: { dev: 'vite', build: 'tsc && vite build', preview: 'vite preview' },
        devDependencies: { vite: '^5.4.0' },
      }),
    });
    const result = await propose(dir);
    expect(summary(result.proposals)).toEqual({ 4173: "package.json:7 vite's default port", 5173: "package.json:5 vite's default port" });
    expect(result.proposals.find((p) => p.port === 5173)).toMatchObject({
      name: 'storefront dev (vite)',
      service: { id: 'storefront-dev', command: 'npm run dev', cwd: '.' },
    });
    expect(result.proposals[0]?.sources[0]?.text).toBe('"preview": "vite preview"');
  });

  it('a Next app: next dev 3000, next start -p 3100; yarn from its lockfile', async () => {
    const dir = project('next-app', {
      'package.json': json({
        name: 'dashboard',
        scripts: { dev: 'next dev', start: 'next start -p 3100', lint: 'next lint' },
        dependencies: { next: '15.1.0' },
      }),
      'yarn.lock': '# yarn lockfile v1\n',
    });
    const result = await propose(dir);
    expect(summary(result.proposals)).toEqual({ 3000: "package.json:4 next's default port", 3100: 'package.json:5 -p 3100' });
    expect(result.proposals[1]?.service?.command).toBe('yarn start');
  });

  it('an Express app: PORT=4000 in .env wins over the fallback in server.js, and the source is the .env line', async () => {
    const dir = project('express-app', {
      'package.json': json({
        name: 'orders-api',
        scripts: { start: 'node server.js', dev: 'nodemon server.js' },
        dependencies: { express: '^4.21.0' },
      }),
      'server.js':
        "const express = require('express');\nconst app = express();\nconst port = process.env.PORT || 3000;\napp.listen(port);\n",
      '.env': '# local settings\nDATABASE_URL=postgres://localhost/orders\nPORT=4000\n',
    });
    const result = await propose(dir);
    expect(summary(result.proposals)).toEqual({ 4000: '.env:3 PORT=4000 in .env' });
    expect(result.proposals[0]?.sources[0]?.text).toBe('PORT=4000');
    expect(result.proposals[0]?.service?.command).toBe('npm run dev');
  });

  it('a Compose file: published ports, short and long syntax, with .env interpolation', async () => {
    const dir = project('compose-app', {
      'docker-compose.yml':
        'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "${WEB_PORT:-8080}:80"\n  db:\n    image: postgres:16\n    ports:\n      - target: 5432\n        published: 5432\n        host_ip: 127.0.0.1\n  worker:\n    build: .\n    expose: ["9000"]\n',
      '.env': 'WEB_PORT=8088\n',
    });
    const result = await propose(dir);
    expect(summary(result.proposals)).toEqual({
      5432: 'docker-compose.yml:9 published by service db on 127.0.0.1 (container port 5432)',
      8088: 'docker-compose.yml:5 published by service web (container port 80)',
    });
    expect(result.proposals.map((p) => p.name)).toEqual(['compose db (postgres:16)', 'compose web (nginx:1.27)']);
    expect(result.proposals.every((p) => p.service === null)).toBe(true);
  });

  it('a Procfile app: $PORT as foreman gives it (5000 for the first type), explicit ports as written', async () => {
    const dir = project('procfile-app', {
      Procfile:
        'web: gunicorn shop.wsgi --bind 0.0.0.0:$PORT --workers 2\nworker: celery -A shop worker\napi: uvicorn api:app --port 8001\nadmin: flask --app admin run -p 5001\n',
    });
    const result = await propose(dir);
    expect(summary(result.proposals)).toEqual({
      5000: 'Procfile:1 $PORT, which foreman and honcho set to 5000 for process type 1 (web)',
      5001: 'Procfile:4 -p 5001',
      8001: 'Procfile:3 --port 8001',
    });
    expect(result.proposals[0]?.service).toEqual({
      id: 'procfile-web',
      command: 'gunicorn shop.wsgi --bind 0.0.0.0:$PORT --workers 2',
      cwd: '.',
    });
  });

  it('a FastAPI app that runs uvicorn itself on 8002', async () => {
    const dir = project('fastapi-app', {
      'requirements.txt': 'fastapi==0.115.0\nuvicorn==0.30.6\n',
      'main.py':
        'import uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI(title="catalog")\n\n\n@app.get("/health")\ndef health():\n    return {"ok": True}\n\n\nif __name__ == "__main__":\n    uvicorn.run(app, host="127.0.0.1", port=8002)\n',
    });
    const result = await propose(dir);
    expect(summary(result.proposals)).toEqual({ 8002: 'main.py:13 uvicorn.run(port=8002)' });
    expect(result.proposals[0]?.service?.command).toBe('python main.py');
  });

  it("seed 002's start script: start_server.py runs uvicorn.run(app, port=8002) on an app it imports (trial C7)", async () => {
    const dir = project('start-script', {
      'requirements.txt': 'fastapi\nuvicorn\n',
      'start_server.py':
        'import uvicorn\nfrom backend.api.server import app\n\nif __name__ == "__main__":\n    uvicorn.run(app, port=8002)\n',
      'test_server.py': 'import uvicorn\nuvicorn.run(None, port=9999)\n',
    });
    const result = await propose(dir);
    expect(summary(result.proposals)).toEqual({ 8002: 'start_server.py:5 uvicorn.run(port=8002)' });
    expect(result.proposals[0]?.service?.command).toBe('python start_server.py');
  });

  it("a Django app: manage.py means runserver's 8000", async () => {
    const dir = project('django-app', {
      'manage.py':
        '#!/usr/bin/env python\nimport os\nimport sys\n\n\ndef main():\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n    from django.core.management import execute_from_command_line\n    execute_from_command_line(sys.argv)\n',
      'mysite/settings.py': 'DEBUG = True\n',
    });
    const result = await propose(dir);
    expect(summary(result.proposals)).toEqual({ 8000: "manage.py:8 Django's runserver default port" });
    expect(result.proposals[0]?.service?.command).toBe('python manage.py runserver');
  });

  it('a monorepo with two packages: each package with its own port, from a Vite config and an inline PORT', async () => {
    const dir = project('monorepo', {
      'package.json': json({ name: 'acme', private: true, workspaces: ['packages/*'], scripts: { dev: 'turbo run dev' } }),
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'packages/web/package.json': json({ name: '@acme/web', scripts: { dev: 'vite' }, devDependencies: { vite: '^6.0.0' } }),
      'packages/web/vite.config.ts':
        "import { defineConfig } from 'vite';\n\nexport default defineConfig({\n  // server: { port: 1111 } was the old one\n  server: {\n    host: true,\n    port: 3001,\n  },\n});\n",
      'packages/api/package.json': json({ name: '@acme/api', scripts: { dev: 'PORT=4001 tsx watch src/index.ts' } }),
      'packages/api/src/index.ts':
        "import { serve } from '@hono/node-server';\nserve({ fetch: () => new Response('ok'), port: Number(process.env.PORT ?? 8787) });\n",
    });
    const result = await propose(dir);
    expect(summary(result.proposals)).toEqual({
      3001: 'packages/web/vite.config.ts:7 server.port in vite.config.ts',
      4001: 'packages/api/package.json:4 PORT=4001 in the command',
    });
    expect(result.proposals[0]).toMatchObject({
      name: '@acme/web dev (vite)',
      service: { id: 'acme-web-dev', command: 'pnpm run dev', cwd: 'packages/web' },
    });
  });

  it('notes two apps that want the same port', async () => {
    const dir = project('two-on-3000', {
      'frontend/package.json': json({ name: 'frontend', scripts: { start: 'react-scripts start' } }),
      'backend/package.json': json({ name: 'backend', scripts: { start: 'node index.js' } }),
      'backend/index.js': 'require("http").createServer(() => {}).listen(3000);\n',
    });
    const result = await propose(dir);
    expect(result.proposals).toHaveLength(1);
    expect(result.proposals[0]?.sources.map((s) => `${s.file}:${s.line}`).sort()).toEqual([
      'backend/index.js:1',
      'frontend/package.json:4',
    ]);
    expect(result.proposals[0]?.notes[0]).toContain('only one of them can listen on 3000 at a time');
  });
});

describe('portwarden init output, --write and bad input', () => {
  const app = () =>
    project(`write-${Math.random().toString(36).slice(2)}`, {
      'package.json': json({ name: 'site', scripts: { dev: 'astro dev' }, dependencies: { astro: '^4.16.0' } }),
      Procfile: 'web: uvicorn api:app --port 8010\n',
    });

  it('prints a table with where each port came from', async () => {
    const run = await cli(['init', app()]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^2 ports to watch in \/.*write-/);
    expect(lines[1]).toMatch(/^\s*PORT\s+NAME\s+WHY\s+FROM$/);
    expect(lines[2]).toMatch(/^4321\s+site dev \(astro\)\s+astro's default port\s+package\.json:4$/);
    expect(lines[3]).toMatch(/^8010\s+Procfile web \(uvicorn\)\s+--port 8010\s+Procfile:1$/);
    expect(run.stdout).toContain('--write');
  });

  it('--write writes a schema-valid portwarden.json with mode 0600, and never overwrites without --force', async () => {
    const dir = app();
    const file = path.join(dir, 'portwarden.json');
    const first = await cli(['init', dir, '--write']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`wrote ${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const loaded = await loadConfig(file);
    expect(loaded.config.ports).toEqual([
      { port: 4321, name: 'site dev (astro)' },
      { port: 8010, name: 'Procfile web (uvicorn)' },
    ]);
    expect(loaded.config.services).toEqual([]);

    writeFileSync(file, '{"ports":[{"port":9999}]}\n');
    chmodSync(file, 0o640);
    const again = await cli(['init', dir, '--write']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists; run with --force');
    expect(readFileSync(file, 'utf8')).toBe('{"ports":[{"port":9999}]}\n');

    const forced = await cli(['init', dir, '--write', '--force', '--services']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`replaced ${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const replaced = await loadConfig(file);
    expect(replaced.config.services.map((s) => [s.id, s.command, s.cwd, s.port])).toEqual([
      ['site-dev', 'npm run dev', '.', 4321],
      ['procfile-web', 'uvicorn api:app --port 8010', '.', 8010],
    ]);
    expect(replaced.config.ports.map((p) => p.service)).toEqual(['site-dev', 'procfile-web']);
  });

  it('--json --write reports the file written', async () => {
    const dir = app();
    const run = await cli(['init', dir, '--json', '--write']);
    const out = JSON.parse(run.stdout) as { written: { written: boolean; path: string } };
    expect(out.written).toEqual({ written: true, path: path.join(dir, 'portwarden.json'), replaced: false });
  });

  it('a folder with nothing to watch: exit 1, and --write writes nothing', async () => {
    const dir = project('empty', { 'README.md': '# nothing here\n' });
    const run = await cli(['init', dir, '--write']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('nothing in');
    expect(() => statSync(path.join(dir, 'portwarden.json'))).toThrow();
  });

  it('bad input: a missing folder, a file, an unreadable folder, --force without --write: exit 2, nothing written', async () => {
    const missing = await cli(['init', path.join(root, 'no-such-folder')]);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('no such folder');
    const file = path.join(project('a-file', { 'x.txt': 'x' }), 'x.txt');
    const notDir = await cli(['init', file]);
    expect(notDir.code).toBe(2);
    expect(notDir.stderr).toContain('is not a folder');
    const locked = project('locked', { 'package.json': json({ scripts: { dev: 'vite' } }) });
    chmodSync(locked, 0o700);
    // As nobody (root reads everything): the folder is closed to that user.
    const unreadable = await cli(['init', locked], { uid: 65534, gid: 65534 });
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('permission denied');
    const usage = await cli(['init', app(), '--force']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--force only goes with --write');
  });

  it('says which files it could not read instead of failing', async () => {
    const dir = project('broken', {
      'package.json': '{ "name": "broken", scripts: }',
      'compose.yaml': 'services:\n  a: [unclosed\n',
      '.env': 'PORT=7007\n',
    });
    const result = await propose(dir);
    expect(result.proposals.map((p) => p.port)).toEqual([7007]);
    expect(result.skipped.map((s) => s.file)).toEqual(['package.json', 'compose.yaml']);
    expect(result.skipped[1]?.reason).toContain('not valid YAML');
  });
});
