/**
 * Checksums of stored payloads: CRC-32 (zlib's, in C) of the exact JSON text written.
 *
 * Why CRC-32: it exists to catch accidental change — a flipped byte, a torn or misplaced
 * page — at a cost far below the JSON work around it (verifying the 10,000 steps of a resume
 * adds about a millisecond). Deliberate edits are the audit chain's business (SHA-256,
 * audit-chain.ts), not this one's.
 *
 * The same functions are registered in SQL (`wm_crc32`, `wm_row_crc32`) so a migration can
 * compute the checksums of rows written before they existed, byte for byte as the store does.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { SqliteDatabase } from './open-database';
import { storageErrors } from './storage-errors';

/** CRC-32 of a payload's text; null stays null (an absent payload has no checksum). */
export function textCrc(text: string | null): number | null {
  return text === null ? null : crc32(text);
}

/** The approval columns an approval row's checksum covers, in order. */
export const APPROVAL_CRC_COLUMNS = [
  'id',
  'run_id',
  'step_idx',
  'node_id',
  'status',
  'message',
  'reason',
  'approvers_json',
  'requested_at',
  'timeout_at',
  'decided_by',
  'decided_at',
  'comment',
  'edited',
  'payload_json',
  'payload_schema_json',
  'decided_payload_json',
] as const;

/** CRC-32 over a row's values: each as text (NULL as `\u0000`), separated by `\u0001`. */
export function rowCrc(values: readonly unknown[]): number {
  let text = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i) text += '\u0001';
    text += v === null || v === undefined ? '\u0000' : String(v);
  }
  return crc32(text);
}

/** Registers the checksum functions on a connection (every Waymark connection has them). */
export function registerChecksumFunctions(db: SqliteDatabase): void {
  db.function('wm_crc32', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? crc32(text) : null));
  db.function('wm_row_crc32', { deterministic: true, varargs: true }, (...values: unknown[]) => rowCrc(values));
}

/**
 * Returns `text` when it matches `crc` (or has none: rows written before checksums existed
 * got theirs in migration 3, so only a NULL payload has none), else throws the
 * `StorageError` naming `what` — the damaged record is reported, never shown.
 */
export function verified(text: string, crc: number | null, file: string, what: () => string): string {
  if (crc !== null && crc32(text) !== crc) throw storageErrors.checksum(file, what());
  return text;
}

/** Throws unless an approval row matches its checksum. */
export function verifyApprovalRow(
  row: Record<(typeof APPROVAL_CRC_COLUMNS)[number] | 'crc', unknown>,
  file: string,
): void {
  if (row.crc !== null && rowCrc(APPROVAL_CRC_COLUMNS.map((c) => row[c])) !== row.crc)
    throw storageErrors.checksum(file, `approval ${String(row.id)} of run ${String(row.run_id)}`);
}

/**
 * Checks a run row's input and output against their checksums, and its spec snapshot against
 * the SHA-256 it is stored under (once per connection: snapshots are content-addressed).
 */
export function verifyRunRow(
  row: {
    id: string;
    input_json: string | null;
    input_crc: number | null;
    output_json: string | null;
    output_crc: number | null;
    spec_hash: string;
  },
  specJson: string,
  file: string,
  checkedSnapshots: Set<string>,
): void {
  const what = (part: string) => () => `the ${part} of run ${row.id}`;
  if (row.input_json !== null) verified(row.input_json, row.input_crc, file, what('input'));
  if (row.output_json !== null) verified(row.output_json, row.output_crc, file, what('output'));
  if (checkedSnapshots.has(row.spec_hash)) return;
  if (createHash('sha256').update(specJson).digest('hex') !== row.spec_hash)
    throw storageErrors.checksum(file, `the spec snapshot of run ${row.id}`);
  checkedSnapshots.add(row.spec_hash);
}
