/**
 * Ports of a Python app read from its own files: a Django project's manage.py (runserver
 * serves 8000), a FastAPI or Flask app module (uvicorn serves 8000, `flask run` 5000), and a
 * module that runs its own server with a port (`uvicorn.run(app, port=8001)`,
 * `app.run(port=5001)`, `int(os.environ.get("PORT", 8080))`). Pure over ProjectFiles.
 */
import { PRIORITY, serviceId } from './package-scripts.ts';
import { pythonSource } from './source-ports.ts';
import { sourceAt, type Finding, type ProjectFiles } from './types.ts';

/** Module files an app usually lives in, relative to an app folder. */
export const PYTHON_APP_FILES = [
  'main.py',
  'app.py',
  'server.py',
  'run.py',
  'api.py',
  'asgi.py',
  'wsgi.py',
  'app/main.py',
  'src/main.py',
  'src/app.py',
];

const join = (dir: string, file: string) => (dir === '' ? file : `${dir}/${file}`);

/** Files in an app folder that are not the app: tests, packaging, Django's manage.py (read above). */
const NOT_AN_APP = /^(test_.*|.*_test|conftest|setup|manage|noxfile|fabfile)\.py$/;
/** Bound on the other .py files read per folder. */
const MAX_OTHER_FILES = 40;

/**
 * The usual app files, then every other `.py` file of the folder itself: a start script of any
 * name (seed 002's `start_server.py` runs `uvicorn.run(app, port=8002)`) is found too.
 */
function appFiles(dir: string, files: ProjectFiles): string[] {
  const others = files
    .list(dir)
    .filter((name) => name.endsWith('.py') && !name.endsWith('/') && !NOT_AN_APP.test(name) && !PYTHON_APP_FILES.includes(name));
  return [...PYTHON_APP_FILES, ...others.sort().slice(0, MAX_OTHER_FILES)];
}

/** `app/main.py` → `app.main` (the module path uvicorn and flask take). */
function moduleOf(file: string): string {
  return file.replace(/\.py$/, '').replace(/\//g, '.');
}

export function pythonFindings(dir: string, files: ProjectFiles, owner: string): Finding[] {
  const findings: Finding[] = [];
  const cwd = dir === '' ? '.' : dir;
  const manage = files.read(join(dir, 'manage.py'));
  if (manage !== null && /django/i.test(manage)) {
    const line = manage.split('\n').findIndex((l) => l.includes('execute_from_command_line'));
    findings.push({
      port: 8000,
      name: `${owner} django runserver`,
      why: "Django's runserver default port",
      source: sourceAt(join(dir, 'manage.py'), manage, line >= 0 ? line + 1 : 1),
      service: { id: serviceId(owner, 'django'), command: 'python manage.py runserver', cwd },
      owner,
      priority: PRIORITY.default,
    });
  }
  for (const file of appFiles(dir, files)) {
    const path = join(dir, file);
    const text = files.read(path);
    if (text === null) continue;
    const app = pythonSource(text);
    if (app.framework === null && app.explicit === null) continue;
    const module = moduleOf(file);
    if (app.explicit !== null && app.runsItself !== null) {
      findings.push({
        port: app.explicit.port,
        name: `${owner} ${file}`,
        why: app.explicit.why,
        source: sourceAt(path, text, app.explicit.line),
        service: { id: serviceId(owner, module), command: `python ${file}`, cwd },
        owner,
        priority: PRIORITY.source,
      });
      continue;
    }
    if (app.framework === null) continue;
    const { kind, variable, line } = app.framework;
    const runsFlask = kind === 'flask' && app.runsItself !== null;
    const port = app.explicit?.port ?? (kind === 'fastapi' ? 8000 : 5000);
    const why = app.explicit ? app.explicit.why : kind === 'fastapi' ? "uvicorn's default port (FastAPI app)" : "Flask's default port";
    const command = runsFlask
      ? `python ${file}`
      : kind === 'fastapi'
        ? `uvicorn ${module}:${variable} --port ${port}`
        : `flask --app ${module} run --port ${port}`;
    findings.push({
      port,
      name: `${owner} ${kind === 'fastapi' ? 'FastAPI' : 'Flask'} ${module}:${variable}`,
      why,
      source: sourceAt(path, text, app.explicit?.line ?? line),
      service: { id: serviceId(owner, module), command, cwd },
      owner,
      priority: app.explicit ? PRIORITY.source : PRIORITY.default,
    });
  }
  return findings;
}
