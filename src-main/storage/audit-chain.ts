/**
 * The audit log's hash chain: how an entry's hash is computed, and how a sequence of
 * entries is checked.
 *
 * hash = sha256(prevHash + canonicalJson(entry without `hash`)), prevHash of the first
 * entry = 64 zeros. `seq` is inside the hashed content, so moving an entry to another
 * position breaks it even when its links are patched; `prevHash` is inside too, so an entry
 * cannot be re-linked without rehashing everything after it. Rehashing everything (a
 * "rebuilt" chain) is consistent by construction and is only caught against a head the
 * owner exported earlier ({@link checkHead}).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/spec/canonical';
import type { AuditEntryView as AuditEntry } from '../../shared/api';

/** The `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** One audit entry, as stored and exported. */
// The entry shape is part of the API contract (audit.list), so it is defined once in shared/api.ts.
export type { AuditEntryView as AuditEntry } from '../../shared/api';

/** The last entry of a chain: what an export ends with and a later verify is checked against. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** The hash an entry must carry, given its other fields. */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  const content = canonicalJson({
    seq: e.seq,
    at: e.at,
    runId: e.runId,
    kind: e.kind,
    actor: e.actor,
    payload: e.payload,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(e.prevHash).update(content).digest('hex');
}

/** The first problem found in a chain: which entry and what is wrong with it. */
export interface ChainProblem {
  /** The first bad position: the entry that fails, or the first missing seq. */
  seq: number;
  /** `snapshot`: a run's spec snapshot is not the one its `run.started` entry recorded (audit-snapshots.ts). */
  kind: 'missing' | 'unlinked' | 'edited' | 'head' | 'snapshot';
  message: string;
}

/** Outcome of a verification. */
export type VerifyResult =
  { ok: true; entries: number; head: ChainHead | null } | { ok: false; entries: number; problem: ChainProblem };

/**
 * Checks entries in stored order (ascending seq): seqs run 1, 2, 3… without gaps, each
 * entry links to the hash of the one before, and each hash matches its content. Stops at
 * the first problem, because everything after a broken link is unverifiable anyway.
 * `findByHash` (optional) locates any stored entry by hash, to explain a broken link.
 */
export function verifyEntries(
  entries: Iterable<AuditEntry>,
  findByHash?: (hash: string) => number | undefined,
): VerifyResult {
  let expected = 1;
  let prev: AuditEntry | undefined;
  // Stored hash → seq, to say where a misplaced entry's link points (`findByHash` looks ahead).
  const seen = new Map<string, number>();
  let count = 0;
  for (const e of entries) {
    count++;
    if (e.seq !== expected) {
      const missing =
        e.seq > expected
          ? `entr${e.seq - expected > 1 ? `ies ${expected}–${e.seq - 1} are` : `y ${expected} is`} missing (deleted)`
          : `entry ${e.seq} appears twice or out of order`;
      return {
        ok: false,
        entries: count,
        problem: {
          seq: expected,
          kind: 'missing',
          message: `${missing}: the chain jumps from ${expected - 1} to ${e.seq}`,
        },
      };
    }
    const wantPrev = prev ? prev.hash : GENESIS_HASH;
    if (e.prevHash !== wantPrev) {
      const pointsTo = seen.get(e.prevHash) ?? findByHash?.(e.prevHash);
      const why =
        pointsTo !== undefined
          ? `its prevHash is the hash of the entry now at ${pointsTo}, not of entry ${e.seq - 1}: entries were reordered`
          : `its prevHash matches no earlier entry: an entry was inserted, removed or replaced before it`;
      return {
        ok: false,
        entries: count,
        problem: {
          seq: e.seq,
          kind: 'unlinked',
          message: `entry ${e.seq} (${e.kind}) does not link to the entry before it; ${why}`,
        },
      };
    }
    if (entryHash(e) !== e.hash) {
      return {
        ok: false,
        entries: count,
        problem: {
          seq: e.seq,
          kind: 'edited',
          message: `entry ${e.seq} (${e.kind}) does not match its hash: its content was edited after it was written`,
        },
      };
    }
    seen.set(e.hash, e.seq);
    prev = e;
    expected++;
  }
  return { ok: true, entries: count, head: prev ? { seq: prev.seq, hash: prev.hash } : null };
}

/**
 * Checks a verified chain against a head exported earlier. The chain must still contain
 * that exact entry: a shorter chain was truncated; a different hash at that seq means the
 * chain was rebuilt (rehashed) since the export.
 */
export function checkHead(
  current: { entryAt(seq: number): AuditEntry | undefined; head: ChainHead | null },
  exported: ChainHead,
): ChainProblem | undefined {
  const at = current.entryAt(exported.seq);
  if (!at) {
    const end = current.head ? `ends at entry ${current.head.seq}` : 'is empty';
    return {
      seq: (current.head?.seq ?? 0) + 1,
      kind: 'head',
      message: `the log ${end}, but the exported head is entry ${exported.seq}: entries ${(current.head?.seq ?? 0) + 1}–${exported.seq} were removed (truncated)`,
    };
  }
  if (at.hash !== exported.hash) {
    return {
      seq: exported.seq,
      kind: 'head',
      message: `entry ${exported.seq} has hash ${at.hash.slice(0, 12)}…, but the exported head says ${exported.hash.slice(0, 12)}…: the chain was rebuilt since the export`,
    };
  }
  return undefined;
}
