/** Which colour each status gets (the word always goes with it). */
import type { CheckStatus, OverallLevel, PortHealth, PortStatus, ServiceStatus } from '../../../electron/core/control/contract.ts';

export type Tone = 'good' | 'bad' | 'warn' | 'idle';

export function portTone(status: PortStatus): Tone {
  switch (status) {
    case 'ok':
      return 'good';
    case 'free':
      return 'idle';
    case 'unhealthy':
      return 'warn';
    default:
      return 'bad';
  }
}

export function serviceTone(status: ServiceStatus): Tone {
  switch (status) {
    case 'running':
      return 'good';
    case 'stopped':
      return 'idle';
    case 'starting':
    case 'stopping':
    case 'backoff':
      return 'warn';
    default:
      return 'bad';
  }
}

export function healthTone(state: PortHealth['state']): Tone {
  return state === 'healthy' ? 'good' : state === 'unhealthy' ? 'bad' : 'idle';
}

export function checkTone(status: CheckStatus): Tone {
  return status === 'ok' ? 'good' : status === 'warning' ? 'warn' : 'bad';
}

/** The overall level's colour: red for a conflict or a critical problem, amber for a port down or unhealthy. */
export function overallTone(level: OverallLevel): Tone {
  switch (level) {
    case 'ok':
      return 'good';
    case 'paused':
      return 'idle';
    case 'degraded':
      return 'warn';
    default:
      return 'bad';
  }
}
