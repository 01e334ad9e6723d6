/**
 * The process-identity contract for thread ids (core/model/processes.ts): a number that names a
 * thread is not a process, on every platform's table. Linux is checked on recorded /proc
 * text of a real thread (a python3 thread: its stat line carries the thread id, only the
 * status `Tgid:` tells), macOS and Windows on recorded ps / CIM output run through the real
 * table code with a recording runner.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProcStat, parseStatusTgid } from '../../../electron/core/platform/linux-proc-parse.ts';
import { createDarwinProcessTable } from '../../../electron/core/processes/darwin.ts';
import { createWin32ProcessTable } from '../../../electron/core/processes/win32.ts';
import type { CommandRunner } from '../../../electron/core/platform/run-command.ts';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/processes/${path}`, import.meta.url), 'utf8');

describe('Linux: Tgid tells a thread from a process', () => {
  it('a thread stat line looks like a process of its own; its status Tgid names the process', () => {
    // Recorded from a python3 process 24245 with a second thread 24286.
    expect(parseProcStat(fixture('linux/stat-thread.txt'))?.pid).toBe(24286);
    expect(parseStatusTgid(fixture('linux/status-thread.txt'))).toBe(24245);
  });

  it('a process is its own thread group', () => {
    expect(parseStatusTgid(fixture('linux/status-cat.txt'))).toBe(11385);
    expect(parseStatusTgid('Name:\tx\nPid:\t5\n')).toBeNull();
  });
});

/** A runner that answers only the recorded command and records every call. */
function recording(answer: (file: string, args: readonly string[]) => string) {
  const calls: string[][] = [];
  const run: CommandRunner = async (file, args) => {
    calls.push([file, ...args]);
    return { stdout: answer(file, args), stderr: '' };
  };
  return { run, calls };
}

describe('macOS and Windows tables answer only for the pid asked', () => {
  it('macOS: ps -p with an id that is no process (a thread id) prints no row for it → null', async () => {
    // ps -p 4242,77777 prints the process that exists and nothing for the other id.
    const { run } = recording((_file, args) => {
      const stat = fixture('darwin/ps-stat.txt')
        .split('\n')
        .filter((l) => /^\s*4242\s/.test(l))
        .join('\n');
      const argsText = fixture('darwin/ps-args.txt')
        .split('\n')
        .filter((l) => /^\s*4242\s/.test(l))
        .join('\n');
      return args.includes('-ww') ? argsText : stat;
    });
    const table = createDarwinProcessTable({ run });
    expect(await table.get(77777)).toBeNull();
    expect((await table.getMany([4242, 77777])).has(77777)).toBe(false);
    expect(table.threadOf).toBeUndefined();
  });

  it('macOS: a row for another pid never answers for the asked one', async () => {
    // Whatever ps prints, only the asked pid's own row counts.
    const { run } = recording((_file, args) => (args.includes('-ww') ? fixture('darwin/ps-args.txt') : fixture('darwin/ps-stat.txt')));
    const table = createDarwinProcessTable({ run });
    expect(await table.get(4244)).toBeNull();
    expect((await table.get(4243))?.pid).toBe(4243);
  });

  it('Windows: Win32_Process lists processes only; an id that is no ProcessId → null', async () => {
    const { run, calls } = recording(() => fixture('win32/cim-single.json'));
    const table = createWin32ProcessTable({ run });
    expect(await table.get(7777)).toBeNull();
    expect((await table.get(5120))?.pid).toBe(5120);
    expect(calls[0]!.join(' ')).toContain('ProcessId=7777');
    expect(table.threadOf).toBeUndefined();
  });
});
