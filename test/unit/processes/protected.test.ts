import { describe, expect, it } from 'vitest';
import { isSystemServiceName, protectionReason } from '../../../electron/core/processes/protected.ts';
import { proc } from './table-fixture.ts';

const table = [
  proc(1, 0, 'systemd'),
  proc(2, 0, 'kthreadd'),
  proc(50, 2, 'kworker/0:1'),
  proc(100, 1, 'bash'),
  proc(200, 100, 'node'),
  proc(300, 200, 'python3'),
  proc(400, 1, 'python3'),
];
const linux = { platform: 'linux' as const, selfPid: 200, table };

describe('protectionReason', () => {
  it('refuses pid 0, 1 and 4 with a reason', () => {
    expect(protectionReason(proc(0, null, 'idle'), linux)).toMatch(/kernel/);
    expect(protectionReason(proc(1, 0, 'systemd'), linux)).toMatch(/init/);
    expect(protectionReason(proc(4, 0, 'System'), { ...linux, platform: 'win32' })).toMatch(/Windows kernel/);
    expect(protectionReason(proc(4, 2, 'kworker/0:0'), linux)).not.toBeNull();
  });
  it('refuses Linux kernel threads (pid 2 and its children)', () => {
    expect(protectionReason(proc(2, 0, 'kthreadd'), linux)).toMatch(/kernel thread/);
    expect(protectionReason(proc(50, 2, 'kworker/0:1'), linux)).toMatch(/kernel thread/);
  });
  it('refuses our own process and its ancestors, not our children', () => {
    expect(protectionReason(proc(200, 100, 'node'), linux)).toMatch(/Portwarden itself/);
    expect(protectionReason(proc(100, 1, 'bash'), linux)).toMatch(/ancestor of Portwarden/);
    expect(protectionReason(proc(300, 200, 'python3'), linux)).toBeNull();
    expect(protectionReason(proc(400, 1, 'python3'), linux)).toBeNull();
  });
  it('uses selfAncestors when no table is given', () => {
    expect(protectionReason(proc(100, 1, 'bash'), { platform: 'linux', selfPid: 200, selfAncestors: [100] })).toMatch(/ancestor/);
  });
  it('refuses well-known system services per platform', () => {
    expect(protectionReason(proc(700, 1, 'systemd-resolved'), linux)).toMatch(/system service/);
    expect(protectionReason(proc(701, 1, 'sshd'), linux)).toMatch(/system service/);
    expect(protectionReason(proc(702, 1, 'launchd'), { ...linux, platform: 'darwin' })).toMatch(/system service/);
    expect(protectionReason(proc(703, 600, 'svchost.exe'), { ...linux, platform: 'win32' })).toMatch(/system service/);
    expect(protectionReason(proc(704, 600, 'LSASS.EXE'), { ...linux, platform: 'win32' })).toMatch(/system service/);
    expect(protectionReason(proc(705, 600, 'node.exe'), { ...linux, platform: 'win32' })).toBeNull();
  });
  it('falls back to the command when the name is unknown', () => {
    expect(protectionReason({ ...proc(706, 1, 'x'), name: null, command: '/usr/sbin/sshd -D' }, linux)).toMatch(/sshd/);
  });
  it('does not treat look-alike names as services', () => {
    expect(isSystemServiceName('systemdx', 'linux')).toBe(false);
    expect(isSystemServiceName('svchost.exe', 'linux')).toBe(false);
    expect(isSystemServiceName('kernel_task', 'darwin')).toBe(true);
  });
});
