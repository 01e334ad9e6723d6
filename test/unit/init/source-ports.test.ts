/** Ports written in source and config files, found by pattern, with their lines. */
import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../../electron/core/init/dotenv.ts';
import { foremanPort, parseProcfile, usesPortVariable } from '../../../electron/core/init/procfile.ts';
import { configFilePort, nodeSourcePort, pythonSource } from '../../../electron/core/init/source-ports.ts';

describe('configFilePort', () => {
  it('reads server.port and devServer.port, not a commented-out one or a port outside the server block', () => {
    expect(
      configFilePort(
        'export default {\n  // server: { port: 1111 },\n  preview: { port: 2222 },\n  server: { port: 3001 },\n}\n',
        'vite.config.ts',
      ),
    ).toEqual({ port: 3001, line: 4, why: 'server.port in vite.config.ts', fallback: false });
    expect(configFilePort('export default defineNuxtConfig({ devServer: { port: 3002 } })', 'nuxt.config.ts')?.port).toBe(3002);
    expect(configFilePort('export default { plugins: [] }', 'vite.config.ts')).toBeNull();
  });
});

describe('nodeSourcePort', () => {
  it('tells a PORT fallback from a fixed port', () => {
    expect(nodeSourcePort('const port = process.env.PORT ?? 4100;\napp.listen(port);')).toMatchObject({
      port: 4100,
      line: 1,
      fallback: true,
    });
    expect(nodeSourcePort('server.listen(4200, () => {});')).toMatchObject({ port: 4200, fallback: false });
    expect(nodeSourcePort('fastify.listen({ port: 4300 })')).toMatchObject({ port: 4300 });
    expect(nodeSourcePort('Bun.serve({ fetch() {}, port: 4400 })')).toMatchObject({ port: 4400 });
    expect(nodeSourcePort('// app.listen(9999)\nexport {}')).toBeNull();
  });
});

describe('pythonSource', () => {
  it('finds the app, its run call and its port; asyncio.run is not a server', () => {
    const app = pythonSource(
      'from flask import Flask\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(debug=True, port=5005)\n',
    );
    expect(app.framework).toEqual({ kind: 'flask', variable: 'app', line: 2 });
    expect(app.explicit).toMatchObject({ port: 5005, line: 5 });
    expect(pythonSource('import asyncio\nasyncio.run(main())\n').runsItself).toBeNull();
    expect(pythonSource('port = int(os.environ.get("PORT", 8080))\nweb.run_app(app, port=port)\n').explicit).toMatchObject({
      port: 8080,
      fallback: true,
    });
    expect(pythonSource('# uvicorn.run(app, port=1)\n').explicit).toBeNull();
  });
});

describe('.env and Procfile', () => {
  it('parses dotenv forms', () => {
    const env = parseDotenv('# c\nexport PORT=3000\nNAME="a b" # x\nURL=http://x:1 # comment\nEMPTY=\n', '.env');
    expect([...env].map(([k, v]) => [k, v.value, v.line])).toEqual([
      ['PORT', '3000', 2],
      ['NAME', 'a b', 3],
      ['URL', 'http://x:1', 4],
      ['EMPTY', '', 5],
    ]);
  });
  it('parses process types and foreman ports', () => {
    expect(parseProcfile('# x\nweb: bundle exec puma -p $PORT\n\nworker: sidekiq\n')).toEqual([
      { name: 'web', command: 'bundle exec puma -p $PORT', line: 2, index: 0 },
      { name: 'worker', command: 'sidekiq', line: 4, index: 1 },
    ]);
    expect(foremanPort(2)).toBe(5200);
    expect(usesPortVariable('x --port ${PORT}')).toBe(true);
    expect(usesPortVariable('x --port 80')).toBe(false);
  });
});
