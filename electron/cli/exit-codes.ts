/**
 * Every exit code the CLI uses, in one table:
 * 0 success · 1 "the answer is no" (in use, still held, timed out, nothing found) or a failure
 * to start · 2 invalid input or a refused target (commander's usage errors too) · 130 ended
 * by a second Ctrl-C (serve) · 141 output went into a closed pipe (as SIGPIPE, closed-pipe.ts).
 * `portwarden run` passes on its command's own code instead (run/child-session.ts).
 */
export const EXIT_OK = 0;
export const EXIT_NO = 1;
export const EXIT_INVALID = 2;
export const EXIT_INTERRUPTED = 130;
export const EXIT_CLOSED_PIPE = 141;
