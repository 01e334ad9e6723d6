/**
 * Starting a service's command line. The launcher is injected into the supervisor so tests
 * and the shell can substitute how processes start; the default runs the command through the
 * platform shell, detached, so the service leads its own process group and the whole tree
 * can be stopped together (docs/architecture.md, "How ports are read and freed").
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

export interface LaunchSpec {
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Starts the command; the child must have piped stdout and stderr. */
export type Launcher = (spec: LaunchSpec) => ChildProcess;

export function createShellLauncher(platform: NodeJS.Platform = process.platform): Launcher {
  return (spec) => {
    if (platform === 'win32') {
      // cmd /d (no AutoRun) /s /c "<command>"; verbatim so cmd sees the quotes unchanged.
      return spawn(process.env.ComSpec ?? 'cmd.exe', ['/d', '/s', '/c', `"${spec.command}"`], {
        cwd: spec.cwd,
        env: spec.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsVerbatimArguments: true,
        windowsHide: true,
      });
    }
    // detached → setsid(): the shell leads a new session and process group (pgid = pid),
    // so kill(-pid) reaches every process the command starts, including `npm run dev`
    // grandchildren, and a terminal's Ctrl-C does not hit the service by accident.
    return spawn('/bin/sh', ['-c', spec.command], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
  };
}
