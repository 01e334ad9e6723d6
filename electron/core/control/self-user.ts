/**
 * The user name Portwarden runs as: listeners of other users are not the user's dev
 * servers (core/listeners/classify.ts). null when the OS cannot say (no passwd entry).
 */
import { userInfo } from 'node:os';

export function selfUserName(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}
