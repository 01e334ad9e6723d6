/**
 * The health folder's public entry: HTTP probes and the diagnostics, for the surfaces (the CLI's `run`).
 * Code outside this folder imports this file, not the files behind it (docs/architecture.md).
 */
export type { ProbeResult } from './http-probe.ts';
export { probeHttp } from './http-probe.ts';
export { runDiagnostics } from './diagnostics.ts';
export { commandProgram } from './find-on-path.ts';
