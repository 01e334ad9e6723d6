/**
 * The shared entry for words: every sentence a surface shows about an owner, a conflict, a
 * kill or free result, a check or a service action, and visibleText() for names chosen by
 * processes. Pure and browser-safe (no Node imports), so the dashboard bundles it as well
 * as the CLI, the tray and notifications use it. Surfaces import this file, never the
 * files behind it (docs/architecture.md, "Layers").
 */
export * from './conflicts.ts';
export * from './connection.ts';
export * from './diagnostics.ts';
export * from './forwarders.ts';
export * from './health.ts';
export * from './kill.ts';
export * from './listeners.ts';
export * from './overall.ts';
export * from './paused.ts';
export * from './owners.ts';
export * from './services.ts';
export * from './time.ts';
export * from './visible-text.ts';
export type { ListenerWords, OwnerWords, ProcessWords, WordOptions } from '../model/words.ts';
