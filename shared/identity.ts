/**
 * Who made a human decision. Two parts, never merged:
 *  - the **account**: the operating-system account of the process that recorded the
 *    decision (the CLI run by that user, the desktop app, the web host's process). It is
 *    what Waymark vouches for: someone who can act as that account on this machine decided.
 *  - the **name**: the display name the person typed ("Your name", `--as`). A label they
 *    chose, shown beside the account, never a proof of anything.
 * Some names are the engine's own (`system:timeout` decides timed-out approvals) and no
 * person may type them, in any spelling. See docs/security.md.
 */

/** Who decided: the account Waymark vouches for, and the name the person typed. */
export interface Decider {
  /** The OS account the decision was recorded under; absent in records older than accounts. */
  account?: string;
  /** The typed display name. */
  name: string;
}

/**
 * A name as a reader sees it: compatibility forms folded (fullwidth `ｓｙｓｔｅｍ：`), accents,
 * invisible format characters (zero-width spaces, joiners) and white space dropped, case
 * folded. Two names that print alike compare alike (homoglyphs across scripts excepted).
 */
export function readableName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}\p{Z}\s]/gu, '')
    .toLowerCase();
}

/** Names reserved for the engine itself: `system:…` (in any case or spelling), `system`, `engine`. */
export function isReservedName(name: string): boolean {
  const n = readableName(name);
  return n.startsWith('system:') || n === 'system' || n === 'engine';
}

/** Why a reserved name is refused, for error messages. */
export function reservedNameMessage(name: string): string {
  return `${JSON.stringify(name)} is reserved for decisions the engine makes itself (names like "system:timeout", in any case or spelling); enter your own name`;
}

/** "alice (OS account alice.smith)", or just the name when the account is unknown or the same. */
export function describeDecider(name: string, account?: string): string {
  if (!account || account === name) return name;
  return `${name} (OS account ${account})`;
}
