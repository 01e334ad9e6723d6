/**
 * The overall state of everything Portwarden watches, derived from the port states and the
 * last diagnostics: the worst of a conflict > a critical diagnostic > a port down or
 * unhealthy > ok; `paused` while monitoring is paused. The tray icon, the dashboard header,
 * `/api/state` and the token-free `GET /health` all show this one value. Pure.
 */
import type { PortState } from '../model/state.ts';
import { overallText } from '../vocabulary/overall.ts';
import type { OverallCounts } from '../vocabulary/overall.ts';

export function deriveOverall(
  ports: readonly Pick<PortState, 'status'>[],
  critical: number,
  paused: boolean,
): OverallCounts & { text: string } {
  const conflictPorts = ports.filter((p) => p.status === 'conflict').length;
  const degradedPorts = ports.filter((p) => p.status === 'down' || p.status === 'unhealthy').length;
  const level = paused ? 'paused' : conflictPorts > 0 ? 'conflict' : critical > 0 ? 'critical' : degradedPorts > 0 ? 'degraded' : 'ok';
  const counts: OverallCounts = { level, conflictPorts, degradedPorts, watchedPorts: ports.length, critical };
  return { ...counts, text: overallText(counts) };
}
