/**
 * `portwarden init`'s proposal: every port the project's own files name, merged by port,
 * each with where it came from. Reads package.json scripts (with workspaces), .env, Procfile,
 * Compose files and Python apps through ProjectFiles; the folder reader is project-reader.ts.
 */
import { analyseCommand } from './command-ports.ts';
import { COMPOSE_FILES, composePorts } from './compose-ports.ts';
import { DOTENV_FILES, mergeDotenv, type EnvValue } from './dotenv.ts';
import { PRIORITY, packageScriptFindings, serviceId } from './package-scripts.ts';
import { foremanPort, parseProcfile, usesPortVariable } from './procfile.ts';
import { pythonFindings } from './python-project.ts';
import { sourceAt, type Finding, type InitProposal, type PortProposal, type ProjectFiles } from './types.ts';
import { projectDirs } from './workspaces.ts';
import { messageOf } from '../model/errors.ts';

const join = (dir: string, file: string) => (dir === '' ? file : `${dir}/${file}`);

function packageManager(files: ProjectFiles): string {
  if (files.read('pnpm-lock.yaml') !== null) return 'pnpm';
  if (files.read('yarn.lock') !== null) return 'yarn';
  if (files.read('bun.lock') !== null || files.list('').includes('bun.lockb')) return 'bun';
  return 'npm';
}

function dotenvOf(dir: string, files: ProjectFiles): Map<string, EnvValue> {
  const texts: { file: string; text: string }[] = [];
  for (const file of DOTENV_FILES) {
    const text = files.read(join(dir, file));
    if (text !== null) texts.push({ file, text });
  }
  return mergeDotenv(texts);
}

/** An app folder's name: its package.json `name`, else the folder's own name. */
function labelOf(dir: string, files: ProjectFiles, rootName: string): string {
  try {
    const name = (JSON.parse(files.read(join(dir, 'package.json')) ?? 'null') as { name?: unknown } | null)?.name;
    if (typeof name === 'string' && name.trim() !== '') return name.trim();
  } catch {
    // Not JSON: packageScriptFindings says so; the folder's name will do here.
  }
  return dir === '' ? rootName : (dir.split('/').pop() ?? dir);
}

/** PORT in .env on its own: a port the project sets, whatever reads it. */
function dotenvFinding(dir: string, env: ReadonlyMap<string, EnvValue>, files: ProjectFiles, owner: string): Finding[] {
  const port = env.get('PORT');
  if (!port || !/^\d{1,5}$/.test(port.value) || Number(port.value) < 1 || Number(port.value) > 65_535) return [];
  const file = join(dir, port.file);
  return [
    {
      port: Number(port.value),
      name: `${owner} PORT`,
      why: `PORT=${port.value} in ${port.file}`,
      source: sourceAt(file, files.read(file) ?? '', port.line),
      service: null,
      owner,
      priority: PRIORITY.dotenvAlone,
    },
  ];
}

/** Procfile process types; `$PORT` is what foreman/honcho give (PORT from .env, else 5000 + 100 per type). */
function procfileFindings(files: ProjectFiles, env: ReadonlyMap<string, EnvValue>): Finding[] {
  const text = files.read('Procfile');
  if (text === null) return [];
  const findings: Finding[] = [];
  const envPort = env.get('PORT');
  for (const entry of parseProcfile(text)) {
    let command = entry.command;
    let portWhy: string | null = null;
    if (usesPortVariable(command)) {
      const port = envPort && /^\d{1,5}$/.test(envPort.value) ? Number(envPort.value) : foremanPort(entry.index);
      portWhy = envPort
        ? `$PORT, set to ${port} in ${envPort.file}`
        : `$PORT, which foreman and honcho set to ${port} for process type ${entry.index + 1} (${entry.name})`;
      command = command.replace(/\$\{?PORT\}?/g, String(port));
    }
    const analysis = analyseCommand(command);
    if (analysis === null || analysis.kind === 'script') continue;
    const port = analysis.port ?? (analysis.kind === 'tool' ? analysis.defaultPort : null);
    if (port === null) continue;
    const why = portWhy ?? analysis.why ?? `${analysis.kind === 'tool' ? analysis.label : 'its'} default port`;
    findings.push({
      port,
      name: `Procfile ${entry.name}${analysis.kind === 'tool' ? ` (${analysis.label})` : ''}`,
      why,
      source: sourceAt('Procfile', text, entry.line),
      service: { id: serviceId('procfile', entry.name), command: entry.command, cwd: '.' },
      owner: `Procfile ${entry.name}`,
      priority: analysis.port !== null ? PRIORITY.flag : PRIORITY.default,
    });
  }
  return findings;
}

/** Published ports of the Compose file Compose would use, plus its override file. */
function composeFindings(files: ProjectFiles, env: ReadonlyMap<string, EnvValue>, skipped: InitProposal['skipped']): Finding[] {
  const main = COMPOSE_FILES.find((f) => files.read(f) !== null);
  if (main === undefined) return [];
  const override = main.replace(/\.(ya?ml)$/, '.override.$1');
  const values = new Map([...env].map(([k, v]) => [k, v.value]));
  const findings: Finding[] = [];
  for (const file of [main, override]) {
    const text = files.read(file);
    if (text === null) continue;
    try {
      const result = composePorts(text, values);
      for (const s of result.skipped) skipped.push({ file: `${file}:${s.line}`, reason: s.reason });
      for (const p of result.ports) {
        const where = p.hostIp === null ? '' : ` on ${p.hostIp}`;
        findings.push({
          port: p.port,
          name: `compose ${p.service}${p.image ? ` (${p.image})` : ''}`.slice(0, 100),
          why: `published by service ${p.service}${where}${p.containerPort !== null ? ` (container port ${p.containerPort})` : ''}`,
          source: sourceAt(file, text, p.line),
          service: null,
          owner: `compose ${p.service}`,
          priority: PRIORITY.flag,
        });
      }
    } catch (error) {
      skipped.push({ file, reason: `not valid YAML: ${messageOf(error).split('\n')[0]}` });
    }
  }
  return findings;
}

/** Merges findings by port: the best one leads, the others add their sources. */
export function mergeFindings(findings: readonly Finding[]): PortProposal[] {
  const byPort = new Map<number, Finding[]>();
  for (const f of findings) byPort.set(f.port, [...(byPort.get(f.port) ?? []), f]);
  return [...byPort.entries()]
    .sort(([a], [b]) => a - b)
    .map(([port, group]) => {
      const sorted = [...group].sort((a, b) => a.priority - b.priority);
      const lead = sorted[0]!;
      const sources = [];
      const seen = new Set<string>();
      for (const f of sorted) {
        const key = `${f.source.file}:${f.source.line}`;
        if (!seen.has(key)) sources.push(f.source);
        seen.add(key);
      }
      const owners = [...new Set(sorted.map((f) => f.owner))];
      const notes =
        owners.length > 1
          ? [`named by ${owners.length} apps (${owners.join(', ')}): only one of them can listen on ${port} at a time`]
          : [];
      return { port, name: lead.name, why: lead.why, sources, service: sorted.find((f) => f.service !== null)?.service ?? null, notes };
    });
}

/** Reads the project through `files` (rooted at `dir`) and proposes the ports to watch. */
export function proposeFromFiles(files: ProjectFiles, dir: string): InitProposal {
  const skipped: InitProposal['skipped'] = [];
  const pm = packageManager(files);
  const rootName =
    dir
      .split(/[\\/]/)
      .filter((p) => p !== '')
      .pop() ?? 'app';
  const findings: Finding[] = [];
  for (const sub of projectDirs(files)) {
    const env = dotenvOf(sub, files);
    const owner = labelOf(sub, files, rootName);
    findings.push(...packageScriptFindings({ dir: sub, files, env, packageManager: pm, label: owner }, skipped));
    findings.push(...pythonFindings(sub, files, owner));
    findings.push(...dotenvFinding(sub, env, files, owner));
  }
  const rootEnv = dotenvOf('', files);
  findings.push(...procfileFindings(files, rootEnv));
  findings.push(...composeFindings(files, rootEnv, skipped));
  return { dir, proposals: mergeFindings(dropShadowedDefaults(findings)), skipped };
}

/**
 * A Python app's default port is only a guess: when a command in the same folder (Procfile,
 * scripts) already serves it with a port of its own, the guess is dropped.
 */
function dropShadowedDefaults(findings: Finding[]): Finding[] {
  const served = new Set(findings.filter((f) => f.priority < PRIORITY.default && f.service !== null).map((f) => f.service?.cwd));
  return findings.filter(
    (f) => !(f.priority === PRIORITY.default && f.service !== null && /FastAPI|Flask|django/.test(f.name) && served.has(f.service.cwd)),
  );
}
