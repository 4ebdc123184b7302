/**
 * Exporting and verifying the audit log.
 *
 * The export is JSON Lines: one entry per line in chain order, then one final line
 * `{"head":{"seq":…,"hash":…}}` holding the chain head at export time (of the whole chain,
 * also when only one run's entries are exported). Keep exports somewhere the database's
 * owner cannot rewrite: a later `verify` against one catches what the chain alone cannot —
 * a truncated tail, or a chain rebuilt with fresh hashes.
 */
import {
  checkHead,
  verifyEntries,
  type AuditEntry,
  type ChainHead,
  type ChainProblem,
  type VerifyResult,
} from './audit-chain';
import type { AuditLog } from './audit-log';

/** Writes the export line by line (no trailing newline in `line`); returns the head written. */
export function exportAudit(
  log: AuditLog,
  writeLine: (line: string) => void,
  opts: { runId?: string } = {},
): { entries: number; head: ChainHead | null } {
  let entries = 0;
  // Read the head first: entries appended while exporting are then simply not covered.
  const head = log.head();
  for (const e of log.all()) {
    if (head && e.seq > head.seq) break;
    if (opts.runId !== undefined && e.runId !== opts.runId) continue;
    writeLine(JSON.stringify(e));
    entries++;
  }
  writeLine(JSON.stringify({ head }));
  return { entries, head };
}

/** A parsed export file: its entries and its head line. */
export interface ParsedExport {
  entries: AuditEntry[];
  head: ChainHead | null;
}

/** A file given as a head or an export that is not one. */
export class AuditExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditExportError';
  }
}

function isHead(v: unknown): v is ChainHead {
  const h = v as ChainHead;
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isInteger(h.seq) &&
    typeof h.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(h.hash)
  );
}

/**
 * Parses an export (JSONL ending with a head line), or a bare head file: JSON
 * `{"head":{seq,hash}}` or `{seq,hash}`. `label` names the file in errors.
 */
export function parseAuditExport(text: string, label: string): ParsedExport {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const entries: AuditEntry[] = [];
  let head: ChainHead | null | undefined;
  lines.forEach((line, i) => {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new AuditExportError(`${label}:${i + 1}: not JSON`);
    }
    const o = v as { head?: unknown };
    if (typeof v === 'object' && v !== null && 'head' in o) {
      if (o.head !== null && !isHead(o.head))
        throw new AuditExportError(`${label}:${i + 1}: "head" must be {seq, hash}`);
      head = o.head;
    } else if (isHead(v) && !('kind' in (v as object))) {
      head = v;
    } else if (
      typeof v === 'object' &&
      v !== null &&
      typeof (v as AuditEntry).seq === 'number' &&
      typeof (v as AuditEntry).hash === 'string'
    ) {
      entries.push(v as AuditEntry);
    } else {
      throw new AuditExportError(`${label}:${i + 1}: neither an audit entry nor a head`);
    }
  });
  if (head === undefined)
    throw new AuditExportError(
      `${label} has no head line ({"head":{"seq":…,"hash":…}}): it is not a complete audit export`,
    );
  return { entries, head };
}

/** What to check the stored chain against, besides itself. */
export interface VerifyAgainst {
  /** An exported head; a bare `{ hash }` is looked up anywhere in the chain. */
  head?: ChainHead | { hash: string };
  /** Entries of an earlier export, compared one by one with the stored ones. */
  entries?: readonly AuditEntry[];
}

const fail = (entries: number, problem: ChainProblem): VerifyResult => ({ ok: false, entries, problem });

/**
 * Verifies the stored chain (links, hashes, no gaps) and every run's spec snapshot against
 * the hash its first entry recorded, then compares it with an earlier
 * export: every exported entry must still be there unchanged (naming the first that is not),
 * and the exported head must still be in the chain.
 */
export function verifyAudit(log: AuditLog, against: VerifyAgainst = {}): VerifyResult {
  const own = verifyEntries(log.all(), (h) => log.seqOfHash(h));
  if (!own.ok) return own;
  // The chain is intact; every run's spec snapshot must still be the one it recorded.
  const snapshot = log.snapshotProblem();
  if (snapshot) return fail(own.entries, snapshot);
  for (const x of against.entries ?? []) {
    const now = log.entryAt(x.seq);
    if (!now)
      return fail(own.entries, {
        seq: x.seq,
        kind: 'head',
        message: `entry ${x.seq} (${x.kind}) is in the export but no longer in the log: the log was truncated`,
      });
    if (now.hash !== x.hash) {
      return fail(own.entries, {
        seq: x.seq,
        kind: 'head',
        message: `entry ${x.seq} (${x.kind}) differs from the exported one (hash ${now.hash.slice(0, 12)}… vs ${x.hash.slice(0, 12)}…): the chain was rebuilt from here on`,
      });
    }
  }
  const h = against.head;
  if (h) {
    let exported: ChainHead | undefined;
    if ('seq' in h) exported = h;
    else {
      const seq = log.seqOfHash(h.hash);
      if (seq !== undefined) exported = { seq, hash: h.hash };
      else
        return fail(own.entries, {
          seq: (own.head?.seq ?? 0) + 1,
          kind: 'head',
          message: `no entry has the exported head hash ${h.hash.slice(0, 12)}…: the log was truncated or rebuilt since the export`,
        });
    }
    const problem = checkHead({ entryAt: (s) => log.entryAt(s), head: own.head }, exported);
    if (problem) return fail(own.entries, problem);
  }
  return own;
}
