/** Words for who answered a health probe. Pure. */
import { expectedOwner, processLabel } from './owners.ts';
import type { OwnerWords } from '../model/words.ts';

export interface AnswerWords {
  pid: number | null;
  name: string | null;
  /** Whether it is the port's expected owner; null when the port names none. */
  expected: boolean | null;
  sharedBy: number;
}

/** Who the port belongs to, for "which is not …": "service api", "the expected owner (uvicorn main:app as www)". */
function whoShouldAnswer(port: { service: string | null; owner?: OwnerWords | null }): string {
  if (port.service) return `service ${port.service}`;
  if (port.owner) return `the expected owner (${expectedOwner(port.owner)})`;
  return 'the expected owner';
}

/**
 * "python3 (pid 4121)"; "… — not service api" only when the port names an owner it is not;
 * "one of 2 processes listening on that address, among them …" for a shared socket.
 */
export function describeAnswer(a: AnswerWords, port: { service: string | null; owner?: OwnerWords | null }, elevated = false): string {
  const who = processLabel(a, { elevated });
  const shared = a.sharedBy > 1 ? `one of ${a.sharedBy} processes listening on that address, among them ` : '';
  return `${shared}${who}${a.expected === false ? ` — not ${whoShouldAnswer(port)}` : ''}`;
}

/** The probe error when a good status came from someone else: never "healthy". */
export function wrongAnswerer(a: AnswerWords, port: { service: string | null; owner?: OwnerWords | null }, elevated = false): string {
  const who = processLabel(a, { elevated });
  const not = `which is not ${whoShouldAnswer(port)}`;
  return a.sharedBy > 1
    ? `answered by one of ${a.sharedBy} processes listening on that address (SO_REUSEPORT or a shared socket), among them ${who}, ${not}`
    : `answered by ${who}, ${not}`;
}

/**
 * The verdict of one route of the route check: "OK" only when it answered the expected
 * status AND the port's expected owner answered it; "Not the owner" when another process
 * served it (seed 001: every route 200, from the rogue); else why it failed.
 */
export function routeVerdict(r: { ok: boolean; foreign?: boolean; error?: string }): { ok: boolean; label: string; detail: string | null } {
  if (r.ok) return { ok: true, label: 'OK', detail: null };
  if (r.foreign) return { ok: false, label: 'Not the owner', detail: r.error ?? null };
  return { ok: false, label: r.error ?? 'Failed', detail: null };
}
