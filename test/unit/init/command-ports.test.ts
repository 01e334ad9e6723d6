/** One command line → the port it serves, for the dev servers `init` knows. */
import { describe, expect, it } from 'vitest';
import { analyseCommand, portOfBind } from '../../../electron/core/init/command-ports.ts';
import { simpleCommands, splitWords } from '../../../electron/core/init/shell-words.ts';

const portOf = (command: string, dependency: Record<string, string> = {}) => {
  const a = analyseCommand(command, { dependency: (name) => dependency[name] ?? null });
  if (a === null || a.kind !== 'tool') return a === null ? null : a.kind;
  return a.port ?? a.defaultPort;
};

describe('analyseCommand: dev servers and their ports', () => {
  it.each([
    ['vite', 5173],
    ['vite dev --host', 5173],
    ['vite --port 4000', 4000],
    ['vite --port=4001', 4001],
    ['vite preview', 4173],
    ['npx vite', 5173],
    ['next dev', 3000],
    ['next dev -p 3100', 3100],
    ['next start --port 3200', 3200],
    ['next', 3000],
    ['nuxt dev', 3000],
    ['nuxi dev --port 3300', 3300],
    ['remix dev', 3000],
    ['remix vite:dev', 5173],
    ['react-router dev', 5173],
    ['astro dev', 4321],
    ['astro dev --port 4400', 4400],
    ['ng serve', 4200],
    ['ng serve --port 4201', 4201],
    ['react-scripts start', 3000],
    ['vue-cli-service serve', 8080],
    ['webpack serve --port 9000', 9000],
    ['parcel index.html', 1234],
    ['gatsby develop', 8000],
    ['storybook dev -p 6007', 6007],
    ['start-storybook -p 9009', 9009],
    ['expo start', 8081],
    ['wrangler dev', 8787],
    ['http-server -p 8081', 8081],
    ['serve -l 5050', 5050],
    ['json-server db.json --port 3004', 3004],
    ['uvicorn main:app --reload', 8000],
    ['uvicorn main:app --port 8001', 8001],
    ['python -m uvicorn main:app --port=8009', 8009],
    ['gunicorn app:app -b 0.0.0.0:8002', 8002],
    ['gunicorn --bind=127.0.0.1:8004 app:app', 8004],
    ['hypercorn main:app --bind localhost:8005', 8005],
    ['flask run', 5000],
    ['flask --app hello run -p 5001', 5001],
    ['flask run --port 5002', 5002],
    ['fastapi dev main.py', 8000],
    ['python manage.py runserver', 8000],
    ['python3 manage.py runserver 8006', 8006],
    ['./manage.py runserver 0.0.0.0:8007', 8007],
    ['python -m django runserver 8008', 8008],
    ['python -m http.server 9001', 9001],
    ['streamlit run app.py --server.port 8502', 8502],
    ['rails s -p 3005', 3005],
    ['hugo server', 1313],
    ['jekyll serve', 4000],
  ])('%s → %i', (command, port) => {
    expect(portOf(command)).toBe(port);
  });

  it('reads an inline PORT= (also through cross-env) for tools that honour PORT, not for vite', () => {
    expect(portOf('PORT=3100 next dev')).toBe(3100);
    expect(portOf('cross-env PORT=3101 react-scripts start')).toBe(3101);
    expect(portOf('PORT=3102 vite')).toBe(5173);
  });

  it('picks defaults by major version where they moved (Vite 2 served 3000, Astro 2 served 3000)', () => {
    expect(portOf('vite', { vite: '^2.9.0' })).toBe(3000);
    expect(portOf('vite preview', { vite: '~2.9.0' })).toBe(5000);
    expect(portOf('vite', { vite: '^5.4.0' })).toBe(5173);
    expect(portOf('astro dev', { astro: '^2.10.0' })).toBe(3000);
    expect(portOf('astro dev', { astro: '^4.0.0' })).toBe(4321);
  });

  it('ignores commands that do not serve', () => {
    for (const command of [
      'vite build',
      'next build',
      'tsc -p tsconfig.json',
      'vitest',
      'eslint .',
      'node -p 1',
      'ng build',
      'flask db upgrade',
      'python manage.py migrate',
    ]) {
      expect(portOf(command)).toBeNull();
    }
  });

  it('tells script references and runtime scripts apart from tools', () => {
    expect(analyseCommand('npm run api')).toEqual({ kind: 'script', script: 'api', env: {} });
    expect(analyseCommand('PORT=4000 npm start')).toEqual({ kind: 'script', script: 'start', env: { PORT: '4000' } });
    expect(analyseCommand('yarn dev', { scripts: new Set(['dev']) })).toMatchObject({ kind: 'script', script: 'dev' });
    expect(analyseCommand('yarn vite', { scripts: new Set(['dev']) })).toMatchObject({ kind: 'tool', tool: 'vite' });
    expect(analyseCommand('nodemon server.js')).toEqual({ kind: 'entry', runtime: 'node', file: 'server.js', port: null, why: null });
    expect(analyseCommand('PORT=4001 tsx watch src/index.ts')).toMatchObject({ kind: 'entry', file: 'src/index.ts', port: 4001 });
    expect(analyseCommand('nodemon --exec "vite --port 4100"')).toMatchObject({ kind: 'tool', port: 4100 });
    expect(analyseCommand('python main.py')).toMatchObject({ kind: 'entry', runtime: 'python', file: 'main.py' });
  });
});

describe('shell words', () => {
  it('splits lists and runners, keeps quoted words whole', () => {
    expect(simpleCommands('npm run build && vite preview --port 4173 & node api.js')).toEqual([
      'npm run build',
      'vite preview --port 4173',
      'node api.js',
    ]);
    expect(simpleCommands('concurrently "vite" "PORT=4000 node server.js"')).toEqual([
      'concurrently "vite" "PORT=4000 node server.js"',
      'vite',
      'PORT=4000 node server.js',
    ]);
    expect(splitWords(`a "b c" 'd e' f\\ g`)).toEqual(['a', 'b c', 'd e', 'f g']);
  });
  it('reads bind addresses', () => {
    expect(portOfBind('0.0.0.0:8000')).toBe(8000);
    expect(portOfBind('[::]:8001')).toBe(8001);
    expect(portOfBind(':8002')).toBe(8002);
    expect(portOfBind('unix:/tmp/x.sock')).toBeNull();
    expect(portOfBind('0.0.0.0:99999')).toBeNull();
  });
});
