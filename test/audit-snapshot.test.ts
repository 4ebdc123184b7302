// A run's spec snapshot is tied to its first audit entry: editing the stored workflow with the
// sqlite3 shell — even fixing up its checksum (a new snapshot row under the new text's SHA-256,
// the run pointed at it) — is caught by `waymark audit verify`, which names the run, and the run
// is refused on load (show, approve), so an edited policy never takes effect.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, EXAMPLES, tempDir } from './helpers/cli';

const SQLITE = existsSync('/usr/bin/sqlite3') ? '/usr/bin/sqlite3' : 'sqlite3';
const dir = tempDir('waymark-snapshot-');
const golden = path.join(dir, 'golden.db');
const refund = path.join(EXAMPLES, 'refund-triage.waymark.json');
const input = JSON.stringify({ ticketId: 'T-1', orderId: 'ord_1001', message: 'It arrived cracked.' });
const sqlite = (db: string, script: string): string => execFileSync(SQLITE, [db], { input: script, encoding: 'utf8' });
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

let copies = 0;
function copy(): string {
  const db = path.join(dir, `t${++copies}.db`);
  copyFileSync(golden, db);
  return db;
}

/** The stored snapshot of a run, and a version whose zones let every risk class run unattended. */
function loosened(db: string, runId: string): { before: string; after: string } {
  const before = sqlite(
    db,
    `SELECT s.json FROM runs r JOIN spec_snapshots s ON s.hash = r.spec_hash WHERE r.id = ${q(runId)};`,
  ).trim();
  const spec = JSON.parse(before) as { zones: Array<{ policy: Record<string, unknown> }> };
  for (const z of spec.zones)
    z.policy = {
      ...z.policy,
      unattended: ['read', 'draft', 'write', 'financial', 'external-communication', 'destructive'],
      approval: [],
      forbidden: [],
    };
  return { before, after: JSON.stringify(spec) };
}

beforeAll(async () => {
  for (const id of ['keep', 'victim']) {
    const r = await cli(['--db', golden, 'run', refund, '--simulate', '--input', input, '--run-id', id, '-q']);
    expect(r.code, r.stderr).toBe(3);
  }
  sqlite(golden, 'PRAGMA wal_checkpoint(TRUNCATE);');
  expect((await cli(['--db', golden, 'audit', 'verify'])).code).toBe(0);
});

describe('a run’s spec snapshot is checked against its audit log', () => {
  it('catches a snapshot edited and re-keyed with its new SHA-256: verify names the run, show and approve refuse it', async () => {
    const db = copy();
    const { before, after } = loosened(db, 'victim');
    expect(after).not.toBe(before);
    const hash = createHash('sha256').update(after).digest('hex');
    sqlite(
      db,
      `INSERT INTO spec_snapshots (hash, json) VALUES (${q(hash)}, ${q(after)}); UPDATE runs SET spec_hash = ${q(hash)} WHERE id = 'victim';`,
    );
    // The snapshot's own checksum is consistent again: only the audit log knows better.
    expect(
      createHash('sha256')
        .update(sqlite(db, `SELECT json FROM spec_snapshots WHERE hash = ${q(hash)};`).trim())
        .digest('hex'),
    ).toBe(hash);

    const v = await cli(['--db', db, 'audit', 'verify']);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(
      /✗ audit log tampered: first bad entry #\d+: run victim: its spec snapshot \(sha256 [0-9a-f]{12}…\) is not the one entry \d+ \(run\.started\) recorded/,
    );
    const json = JSON.parse((await cli(['--db', db, '--json', 'audit', 'verify'])).stdout);
    expect(json).toMatchObject({ ok: false, problem: { kind: 'snapshot' } });

    const show = await cli(['--db', db, 'show', 'victim']);
    expect(show.code).toBe(6);
    expect(show.stderr).toContain('the spec snapshot of run victim');
    expect(show.stderr).toContain('is not the one its audit log recorded when the run started');
    expect(show.stderr).not.toMatch(/\n\s+at /);
    const approve = await cli(['--db', db, 'approve', 'victim', '--as', 'mallory', '-q']);
    expect(approve.code).toBe(6);
    expect(sqlite(db, "SELECT status FROM runs WHERE id = 'victim';").trim()).toBe('waiting');
    // The untouched run still loads.
    expect((await cli(['--db', db, 'show', 'keep'])).code).toBe(0);
  });

  it('catches a snapshot text edited in place (its key left as it was)', async () => {
    const db = copy();
    const { after } = loosened(db, 'victim');
    sqlite(
      db,
      `UPDATE spec_snapshots SET json = ${q(after)} WHERE hash = (SELECT spec_hash FROM runs WHERE id = 'victim');`,
    );
    const v = await cli(['--db', db, 'audit', 'verify']);
    expect(v.code).toBe(1);
    // Both runs share the snapshot (same workflow): the first run in audit order is named.
    expect(v.stderr).toMatch(/run (keep|victim): its spec snapshot was edited/);
  });
});
