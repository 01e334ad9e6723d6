/**
 * Ports written in a project's source and config files: a dev server's config
 * (`server: { port: 3001 }` in vite.config.ts), a Node server's `.listen(4000)` or
 * `process.env.PORT || 4000`, a Python app's `uvicorn.run(…, port=8001)` or
 * `app.run(port=5001)`. Pattern matching on text, not evaluation: what is found is what is
 * written, with its line. Pure.
 */

export interface SourcePort {
  port: number;
  /** 1-based line of the match. */
  line: number;
  /** "server.port in vite.config.ts", ".listen(4000)", … */
  why: string;
  /** True when the value is only a fallback for PORT from the environment. */
  fallback: boolean;
}

export function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function portIn(text: string | undefined): number | null {
  if (text === undefined) return null;
  const port = Number(text);
  return Number.isInteger(port) && port >= 1 && port <= 65_535 ? port : null;
}

/** Drops `//` and `#` line comments so a commented-out port is not read (keeps offsets). */
function blankComments(text: string, python: boolean): string {
  const re = python ? /#[^\n]*/g : /(^|[^:])\/\/[^\n]*/g;
  return text.replace(re, (m, keep: string | undefined) => (keep ?? '') + ' '.repeat(m.length - (keep ?? '').length));
}

/** `server: { … port: N … }` (Vite, Astro) or `devServer: { port: N }` (Nuxt) in a config file. */
export function configFilePort(text: string, file: string): SourcePort | null {
  const clean = blankComments(text, false);
  const block = /\b(server|devServer)\s*:\s*\{/g;
  for (let m = block.exec(clean); m !== null; m = block.exec(clean)) {
    const body = clean.slice(m.index, m.index + 600);
    const port = /\bport\s*:\s*(\d{1,5})\b/.exec(body);
    const value = portIn(port?.[1]);
    if (port && value !== null)
      return { port: value, line: lineOf(clean, m.index + port.index), why: `${m[1]}.port in ${file}`, fallback: false };
  }
  return null;
}

/** A Node server's port: `PORT || 4000` / `PORT ?? 4000` (a fallback) or `.listen(4000` / `.listen({ port: 4000`. */
export function nodeSourcePort(text: string): SourcePort | null {
  const clean = blankComments(text, false);
  const fallback = /process\.env\.PORT\)?\s*(?:\|\||\?\?)\s*['"]?(\d{1,5})\b/.exec(clean);
  if (fallback && portIn(fallback[1]) !== null) {
    return { port: Number(fallback[1]), line: lineOf(clean, fallback.index), why: `process.env.PORT || ${fallback[1]}`, fallback: true };
  }
  const listen = /\.listen\(\s*(?:\{\s*port\s*:\s*)?(\d{1,5})\b/.exec(clean);
  if (listen && portIn(listen[1]) !== null)
    return { port: Number(listen[1]), line: lineOf(clean, listen.index), why: `.listen(${listen[1]})`, fallback: false };
  const serve = /\b(?:Bun\.serve|serve)\(\s*\{/.exec(clean);
  const port = serve ? /\bport\s*:\s*(\d{1,5})\b/.exec(clean.slice(serve.index, serve.index + 400)) : null;
  if (serve && port && portIn(port[1]) !== null)
    return { port: Number(port[1]), line: lineOf(clean, serve.index + port.index), why: `serve({ port: ${port[1]} })`, fallback: false };
  return null;
}

export interface PythonApp {
  /** Port written in a run call or an env fallback, null when none. */
  explicit: SourcePort | null;
  /** `app = FastAPI(` / `app = Flask(__name__)`: the framework and the variable. */
  framework: { kind: 'fastapi' | 'flask'; variable: string; line: number } | null;
  /** The file runs a server itself (`uvicorn.run(` / `app.run(` / `web.run_app(`), line of the call. */
  runsItself: number | null;
}

/** What a Python file says: a framework app, a run call, and the port it names. */
export function pythonSource(text: string): PythonApp {
  const clean = blankComments(text, true);
  const app = /^\s*(\w+)\s*(?::\s*\w+\s*)?=\s*(FastAPI|Flask)\(/m.exec(clean);
  const framework = app
    ? {
        kind: app[2] === 'FastAPI' ? ('fastapi' as const) : ('flask' as const),
        variable: app[1],
        line: lineOf(clean, app.index + app[0].indexOf(app[1])),
      }
    : null;
  // asyncio.run(main()) and friends run coroutines and programs, not servers.
  const run = /\b(uvicorn\.run|web\.run_app|run_simple|(?!(?:asyncio|subprocess|trio|anyio)\.)\w+\.run)\(/.exec(clean);
  const runsItself = run ? lineOf(clean, run.index) : null;
  let explicit: SourcePort | null = null;
  const env =
    /environ(?:\.get\(|\[)\s*['"]PORT['"]\s*,\s*['"]?(\d{1,5})/.exec(clean) ?? /getenv\(\s*['"]PORT['"]\s*,\s*['"]?(\d{1,5})/.exec(clean);
  if (env && portIn(env[1]) !== null)
    explicit = { port: Number(env[1]), line: lineOf(clean, env.index), why: `PORT from the environment, else ${env[1]}`, fallback: true };
  else if (run) {
    const call = clean.slice(run.index, run.index + 400);
    const kw = /\bport\s*=\s*(\d{1,5})\b/.exec(call);
    if (kw && portIn(kw[1]) !== null)
      explicit = { port: Number(kw[1]), line: lineOf(clean, run.index + kw.index), why: `${run[1]}(port=${kw[1]})`, fallback: false };
  }
  return { explicit, framework, runsItself };
}
