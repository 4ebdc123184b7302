/**
 * The operating-system account a process runs as: what the CLI, the desktop backend and the
 * web host record as the decider of an approval (beside the typed display name; see
 * shared/identity.ts). Read once: the account of a running process does not change.
 */
import os from 'node:os';

let cached: string | undefined;

/**
 * The login name (`os.userInfo().username`). A process whose uid has no name (some
 * containers) is recorded as `uid:<n>` rather than failing the decision.
 */
export function osAccount(): string {
  if (cached !== undefined) return cached;
  try {
    const name = os.userInfo().username;
    cached = name || `uid:${process.getuid?.() ?? 'unknown'}`;
  } catch {
    cached = `uid:${process.getuid?.() ?? 'unknown'}`;
  }
  return cached;
}
