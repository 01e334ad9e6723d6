/**
 * Just enough shell syntax to read the commands in package.json scripts, Procfiles and
 * Makefiles: split a line into simple commands at `&&`, `||`, `;`, `|` and `&`, and a simple
 * command into words, honouring quotes. Not a shell: no expansion, no subshells. Commands
 * quoted inside a runner (`concurrently "vite" "node api.js"`) are split out as well.
 */

/** Splits at unquoted `&&`, `||`, `;`, `|`, `&` and newlines. */
export function splitCommands(line: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\' && quote === '"' && i + 1 < line.length) {
        current += ch + line[++i];
        continue;
      }
      if (ch === quote) quote = null;
      current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
      continue;
    }
    if (ch === ';' || ch === '&' || ch === '|' || ch === '\n') {
      if ((ch === '&' || ch === '|') && line[i + 1] === ch) i++;
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Splits a simple command into words, removing quotes (`"a b"` → `a b`, `\"` → `"`). */
export function splitWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i];
    if (quote) {
      if (ch === '\\' && quote === '"' && i + 1 < command.length) word += command[++i];
      else if (ch === quote) quote = null;
      else word += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Runners whose arguments are commands (`concurrently "vite" "node api.js"`). */
const COMMAND_RUNNERS = new Set(['concurrently', 'parallelshell']);
/** Runners whose arguments are package scripts (`run-p dev:web dev:api`). */
const SCRIPT_RUNNERS = new Set(['npm-run-all', 'run-p', 'run-s']);
/** concurrently's options that take a value (the value is not a command). */
const RUNNER_VALUE_FLAGS = new Set([
  '-n',
  '--names',
  '-c',
  '--prefix-colors',
  '-p',
  '--prefix',
  '--kill-others-on-fail',
  '--restart-tries',
  '-m',
  '--max-processes',
]);

/** The commands a runner's arguments stand for: `npm:dev` and script names become `npm run …`. */
function runnerCommands(words: readonly string[]): string[] {
  const runner = baseName(words[0] ?? '');
  const out: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const arg = words[i];
    if (arg.startsWith('-')) {
      if (RUNNER_VALUE_FLAGS.has(arg)) i++;
      continue;
    }
    if (arg.includes('*')) continue;
    if (SCRIPT_RUNNERS.has(runner)) out.push(`npm run ${arg}`);
    else out.push(arg.startsWith('npm:') ? `npm run ${arg.slice(4)}` : arg);
  }
  return out;
}

/**
 * Every simple command in a line, with runners' commands expanded:
 * `concurrently "vite" "node api.js"` → [`concurrently "vite" "node api.js"`, `vite`, `node api.js`].
 */
export function simpleCommands(line: string, depth = 0): string[] {
  const out: string[] = [];
  for (const command of splitCommands(line)) {
    out.push(command);
    const words = splitWords(command);
    const runner = baseName(words[0] ?? '');
    if (depth < 2 && (COMMAND_RUNNERS.has(runner) || SCRIPT_RUNNERS.has(runner))) {
      for (const inner of runnerCommands(words)) out.push(...simpleCommands(inner, depth + 1));
    }
  }
  return out;
}

/** The last path segment of a program (`./node_modules/.bin/vite` → `vite`, `python3.exe` → `python3`). */
export function baseName(program: string): string {
  const base = program.slice(Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\')) + 1);
  return base.replace(/\.(?:exe|cmd)$/i, '');
}
