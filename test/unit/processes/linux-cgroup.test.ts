/**
 * The systemd unit and container id of a process from /proc/PID/cgroup (recorded texts of
 * cgroup v2, v1 with systemd, docker with the systemd and the cgroupfs drivers, a user
 * session, and this sandbox's "no unit").
 */
import { describe, expect, it } from 'vitest';
import { parseCgroup } from '../../../electron/core/processes/linux-cgroup.ts';

const ID = '3f4e0b2c9a1d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f';

describe('parseCgroup', () => {
  it('cgroup v2: a system service, a user service, a login session', () => {
    expect(parseCgroup('0::/system.slice/api.service\n')).toEqual({ unit: 'api.service', container: null });
    expect(parseCgroup('0::/user.slice/user-1000.slice/user@1000.service/app.slice/web.service\n')).toEqual({
      unit: 'web.service',
      container: null,
    });
    expect(parseCgroup('0::/user.slice/user-1000.slice/session-3.scope\n')).toEqual({ unit: 'session-3.scope', container: null });
  });

  it('cgroup v1: the name=systemd hierarchy names the unit', () => {
    expect(parseCgroup('12:pids:/system.slice/api.service\n1:name=systemd:/system.slice/api.service\n')).toEqual({
      unit: 'api.service',
      container: null,
    });
  });

  it('docker: the container id, with the systemd driver (docker-ID.scope) and the cgroupfs driver (/docker/ID)', () => {
    expect(parseCgroup(`0::/system.slice/docker-${ID}.scope\n`)).toEqual({ unit: `docker-${ID}.scope`, container: ID });
    expect(parseCgroup(`12:memory:/docker/${ID}\n1:name=systemd:/docker/${ID}\n`)).toEqual({ unit: '', container: ID });
    expect(parseCgroup(`0::/kubepods.slice/kubepods-pod1.slice/cri-containerd-${ID}.scope\n`)).toMatchObject({ container: ID });
  });

  it("no unit and no container (this sandbox, a container's own view)", () => {
    expect(parseCgroup('9:name=systemd:/\n4:memory:/process_api/84915df115b5abe5fda43366ba27c701\n0::/\n')).toEqual({
      unit: '',
      container: null,
    });
    expect(parseCgroup('')).toEqual({ unit: '', container: null });
  });
});
