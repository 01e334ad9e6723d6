/**
 * Ports from a package.json's scripts: each script's commands are read with
 * command-ports.ts; a dev server's port comes from its flag, an inline `PORT=`, its config
 * file (vite.config.ts `server.port`), `.env` PORT where the tool honours it, or its default;
 * a Node server script's from PORT or its source (`.listen(4000)`). A script that runs
 * another with `PORT=…` in front is followed with that PORT. Pure over ProjectFiles.
 */
import { analyseCommand, type CommandAnalysis, type ToolRun } from './command-ports.ts';
import type { EnvValue } from './dotenv.ts';
import { simpleCommands } from './shell-words.ts';
import { configFilePort, lineOf, nodeSourcePort } from './source-ports.ts';
import { sourceAt, type Finding, type ProjectFiles, type ProposalSource, type ServiceSuggestion } from './types.ts';
import { messageOf } from '../model/errors.ts';

export interface PackageContext {
  /** The package folder, relative ('' = the project folder). */
  dir: string;
  files: ProjectFiles;
  /** Merged .env of the package folder. */
  env: ReadonlyMap<string, EnvValue>;
  /** `npm`, `yarn`, `pnpm` or `bun`, from the lockfile. */
  packageManager: string;
  /** What the app is called (its package name, else its folder's): labels and service ids. */
  label: string;
}

interface Manifest {
  name?: unknown;
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
}

/** Priorities: lower wins when several findings name one port. */
export const PRIORITY = { flag: 0, inlineEnv: 1, configFile: 2, dotenv: 3, source: 3, dotenvAlone: 4, default: 5 } as const;

/** Scripts tried first when choosing which one becomes the managed service. */
const PREFERRED_SCRIPTS = ['dev', 'start', 'serve', 'develop', 'preview'];

const join = (dir: string, file: string) => (dir === '' ? file : `${dir}/${file}`);

/** The 1-based line of `"name":` inside the scripts object of a package.json text. */
export function scriptLine(text: string, name: string): number {
  const scripts = /"scripts"\s*:\s*\{/.exec(text);
  const from = scripts ? scripts.index : 0;
  const key = new RegExp(`"${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`, 'g');
  key.lastIndex = from;
  const m = key.exec(text);
  return lineOf(text, m ? m.index : from);
}

/** A service id from a package label and a script ("@acme/web" + "dev" → "acme-web-dev"). */
export function serviceId(...parts: string[]): string {
  const id = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '')
    .replace(/-{2,}/g, '-');
  return (id || 'app').slice(0, 64);
}

function runScript(pm: string, script: string): string {
  return pm === 'yarn' ? `yarn ${script}` : `${pm} run ${script}`;
}

/** Findings for every script of one package.json; `skipped` gets a reason for a broken file. */
export function packageScriptFindings(ctx: PackageContext, skipped: { file: string; reason: string }[]): Finding[] {
  const file = join(ctx.dir, 'package.json');
  const text = ctx.files.read(file);
  if (text === null) return [];
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text.replace(/^\uFEFF/, '')) as Manifest;
  } catch (error) {
    skipped.push({ file, reason: `not valid JSON: ${messageOf(error)}` });
    return [];
  }
  const scripts = manifest.scripts !== null && typeof manifest.scripts === 'object' ? manifest.scripts : {};
  const names = new Set(Object.keys(scripts).filter((k) => typeof scripts[k] === 'string'));
  const label = ctx.label;
  const dependency = (name: string): string | null => {
    const v = manifest.dependencies?.[name] ?? manifest.devDependencies?.[name];
    return typeof v === 'string' ? v : null;
  };
  const findings: Finding[] = [];
  const ordered = [...PREFERRED_SCRIPTS.filter((s) => names.has(s)), ...[...names].filter((s) => !PREFERRED_SCRIPTS.includes(s))];
  for (const script of ordered) {
    if (/^(?:pre|post)/.test(script) && names.has(script.replace(/^(?:pre|post)/, ''))) continue;
    const visit = (name: string, env: Record<string, string>, depth: number) => {
      const body = scripts[name];
      if (typeof body !== 'string' || depth > 4) return;
      const source = sourceAt(file, text, scriptLine(text, name));
      for (const command of simpleCommands(body)) {
        const analysis = analyseCommand(command, { dependency, scripts: names });
        if (analysis === null) continue;
        if (analysis.kind === 'script') {
          // Only worth following when it hands a PORT down; the script is read on its own anyway.
          const merged = { ...env, ...analysis.env };
          if (merged.PORT !== undefined) visit(analysis.script, merged, depth + 1);
          continue;
        }
        const service: ServiceSuggestion = {
          id: serviceId(label.replace(/^@/, ''), script),
          command: runScript(ctx.packageManager, script),
          cwd: ctx.dir === '' ? '.' : ctx.dir,
        };
        const finding = findingFor(analysis, env, ctx, source);
        if (finding) findings.push({ ...finding, name: `${label} ${script} (${finding.name})`.slice(0, 100), service, owner: label });
      }
    };
    visit(script, {}, 0);
  }
  return findings;
}

type PortFinding = Omit<Finding, 'service' | 'owner'>;

/** The port of one analysed command, with why and where. */
function findingFor(
  a: Exclude<CommandAnalysis, { kind: 'script' }>,
  inherited: Record<string, string>,
  ctx: PackageContext,
  script: ProposalSource,
): PortFinding | null {
  const inheritedPort = inherited.PORT !== undefined && /^\d{1,5}$/.test(inherited.PORT) ? Number(inherited.PORT) : null;
  const dotenvPort = ctx.env.get('PORT');
  const fromDotenv = dotenvPort && /^\d{1,5}$/.test(dotenvPort.value) ? { port: Number(dotenvPort.value), at: dotenvPort } : null;
  const dotenvSource = (at: EnvValue): ProposalSource =>
    sourceAt(join(ctx.dir, at.file), ctx.files.read(join(ctx.dir, at.file)) ?? '', at.line);
  if (a.kind === 'tool') return toolFinding(a, inheritedPort, fromDotenv, dotenvSource, ctx, script);
  if (a.runtime !== 'node') return null;
  const label = `node ${a.file}`;
  if (a.port !== null) return { port: a.port, name: label, why: a.why ?? '', source: script, priority: PRIORITY.inlineEnv };
  if (inheritedPort !== null)
    return {
      port: inheritedPort,
      name: label,
      why: `PORT=${inheritedPort} from the script that runs it`,
      source: script,
      priority: PRIORITY.inlineEnv,
    };
  const entryFile = join(ctx.dir, a.file.replace(/^\.\//, ''));
  const entry = ctx.files.read(entryFile);
  const found = entry === null ? null : nodeSourcePort(entry);
  if (fromDotenv && (found === null || found.fallback)) {
    return {
      port: fromDotenv.port,
      name: label,
      why: `PORT=${fromDotenv.port} in ${fromDotenv.at.file}`,
      source: dotenvSource(fromDotenv.at),
      priority: PRIORITY.dotenv,
    };
  }
  if (found && entry !== null)
    return { port: found.port, name: label, why: found.why, source: sourceAt(entryFile, entry, found.line), priority: PRIORITY.source };
  return null;
}

function toolFinding(
  a: ToolRun,
  inheritedPort: number | null,
  fromDotenv: { port: number; at: EnvValue } | null,
  dotenvSource: (at: EnvValue) => ProposalSource,
  ctx: PackageContext,
  script: ProposalSource,
): PortFinding | null {
  if (a.port !== null) return { port: a.port, name: a.label, why: a.why ?? '', source: script, priority: PRIORITY.flag };
  if (inheritedPort !== null && a.portEnv)
    return {
      port: inheritedPort,
      name: a.label,
      why: `PORT=${inheritedPort} from the script that runs it`,
      source: script,
      priority: PRIORITY.inlineEnv,
    };
  for (const config of a.configFiles) {
    const file = join(ctx.dir, config);
    const text = ctx.files.read(file);
    const found = text === null ? null : configFilePort(text, config);
    if (found && text !== null)
      return { port: found.port, name: a.label, why: found.why, source: sourceAt(file, text, found.line), priority: PRIORITY.configFile };
  }
  if (fromDotenv && a.portEnv)
    return {
      port: fromDotenv.port,
      name: a.label,
      why: `PORT=${fromDotenv.port} in ${fromDotenv.at.file} (${a.label} reads PORT)`,
      source: dotenvSource(fromDotenv.at),
      priority: PRIORITY.dotenv,
    };
  if (a.defaultPort === null) return null;
  return { port: a.defaultPort, name: a.label, why: `${a.label}'s default port`, source: script, priority: PRIORITY.default };
}
