/**
 * Where a process's project is when its working directory cannot be read: Windows does not
 * expose another process's current directory (it lives in that process's memory, not in
 * Win32_Process), and on Linux another user's /proc/PID/cwd is closed to us while its command
 * line is not. The command line often names the project anyway: the script a runtime runs
 * (`node C:\dev\shop\server.js`) or a tool inside the project's node_modules
 * (`…\shop\node_modules\vite\bin\vite.js`).
 */

/** Splits a command line on blanks, keeping "double quoted" parts (Windows and POSIX alike). */
export function splitCommandLine(command: string): string[] {
  const tokens: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(command); m !== null; m = re.exec(command)) tokens.push(m[1] ?? m[2] ?? '');
  return tokens;
}

const GLOBAL_PREFIX = /(?:^|[\\/])(?:lib|npm|node|\.npm-global|nvm[\\/][^\\/]+)$/i;
const SCRIPT = /\.(?:[cm]?js|[cm]?ts|py)$/i;

function isAbsolutePath(token: string): boolean {
  return token.startsWith('/') || /^[A-Za-z]:[\\/]/.test(token) || token.startsWith('\\\\');
}

/** The folder part of an absolute path, whichever separator it uses. */
function folderOf(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut <= 0 ? file : file.slice(0, cut);
}

/**
 * The project folder a command line points at, or null: the part before `node_modules` of
 * the first absolute path argument that has one, else the folder of the first absolute
 * script path (.js, .ts, .py, …). The program itself (argv[0]) is skipped: a runtime's own
 * path (`C:\Program Files\nodejs\node.exe`) names no project.
 */
export function projectDirFromCommand(command: string | null): string | null {
  if (command === null) return null;
  const args = splitCommandLine(command).slice(1).filter(isAbsolutePath);
  for (const arg of args) {
    const m = /^(.*?)[\\/]node_modules[\\/]/.exec(arg);
    // Global installs (/usr/lib/node_modules, %AppData%\npm\node_modules) are no project.
    if (m && m[1] !== '' && !GLOBAL_PREFIX.test(m[1])) return m[1];
  }
  // A script inside node_modules belongs to the package it was installed from, not a project.
  const script = args.find((arg) => SCRIPT.test(arg) && !/[\\/]node_modules[\\/]/.test(arg));
  return script === undefined ? null : folderOf(script);
}
