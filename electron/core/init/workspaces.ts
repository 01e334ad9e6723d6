/**
 * The folders of a project that each hold an app: the project folder itself, the packages
 * its workspaces declare (package.json `workspaces`, pnpm-workspace.yaml, lerna.json), and
 * sub-folders one level down that hold a package.json or a Python app (a `frontend/` and
 * `backend/` layout). Patterns are matched one folder level at a time (`packages/*`). Pure
 * over ProjectFiles.
 */
import { parse as parseYaml } from 'yaml';
import type { ProjectFiles } from './types.ts';

/** More package folders than this are not read (a guard for huge monorepos). */
export const MAX_PROJECT_DIRS = 100;

const PYTHON_MARKERS = ['manage.py', 'pyproject.toml', 'requirements.txt', 'main.py', 'app.py'];

function jsonOrNull(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Workspace patterns declared by the project, in the order found. */
export function workspacePatterns(files: ProjectFiles): string[] {
  const patterns: string[] = [];
  const pkg = jsonOrNull(files.read('package.json')) as { workspaces?: unknown } | null;
  const ws = pkg?.workspaces;
  patterns.push(...stringList(Array.isArray(ws) ? ws : (ws as { packages?: unknown } | undefined)?.packages));
  const pnpm = files.read('pnpm-workspace.yaml');
  if (pnpm !== null) {
    try {
      patterns.push(...stringList((parseYaml(pnpm) as { packages?: unknown } | null)?.packages));
    } catch {
      // A broken pnpm-workspace.yaml declares nothing; the sub-folder scan still runs.
    }
  }
  patterns.push(...stringList((jsonOrNull(files.read('lerna.json')) as { packages?: unknown } | null)?.packages));
  return patterns;
}

/** Folders matching one pattern: `*` matches one folder name, `**` any depth up to 3. */
function expand(pattern: string, files: ProjectFiles): string[] {
  const parts = pattern
    .replace(/^\.\//, '')
    .replace(/\/+$/, '')
    .split('/')
    .filter((p) => p !== '');
  let current = [''];
  for (const part of parts) {
    const next: string[] = [];
    for (const base of current) {
      const entries = files
        .list(base)
        .filter((e) => e.endsWith('/') && !e.startsWith('.') && e !== 'node_modules/')
        .map((e) => e.slice(0, -1));
      const join = (name: string) => (base === '' ? name : `${base}/${name}`);
      if (part === '**') next.push(base, ...entries.map(join));
      else if (part.includes('*')) {
        const re = new RegExp(`^${part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
        next.push(...entries.filter((e) => re.test(e)).map(join));
      } else next.push(join(part));
    }
    current = [...new Set(next)].slice(0, MAX_PROJECT_DIRS);
  }
  return current.filter((d) => d !== '');
}

/** Every app folder of the project, relative, the project folder itself ('') first. */
export function projectDirs(files: ProjectFiles): string[] {
  const dirs = new Set<string>(['']);
  const patterns = workspacePatterns(files);
  const excluded = new Set(patterns.filter((p) => p.startsWith('!')).flatMap((p) => expand(p.slice(1), files)));
  for (const pattern of patterns.filter((p) => !p.startsWith('!'))) {
    for (const dir of expand(pattern, files)) if (!excluded.has(dir) && files.read(`${dir}/package.json`) !== null) dirs.add(dir);
  }
  for (const entry of files.list('')) {
    if (!entry.endsWith('/') || entry.startsWith('.') || entry === 'node_modules/') continue;
    const dir = entry.slice(0, -1);
    const names = new Set(files.list(dir));
    if (names.has('package.json') || PYTHON_MARKERS.some((m) => names.has(m))) dirs.add(dir);
  }
  return [...dirs].slice(0, MAX_PROJECT_DIRS);
}
