// The audit log is tamper-evident: each kind of tampering done with the sqlite3 CLI (after
// dropping the append-only triggers) is caught by `waymark audit verify`, naming the first
// bad entry; a truncated tail and a consistently rebuilt chain are caught against an
// exported head.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryHash, type AuditEntry } from '../src-main/storage/audit-chain';
import { cli, EXAMPLES, tempDir } from './helpers/cli';

const SQLITE = existsSync('/usr/bin/sqlite3') ? '/usr/bin/sqlite3' : 'sqlite3';
const dir = tempDir('waymark-audit-');
const golden = path.join(dir, 'golden.db');
const exported = path.join(dir, 'export.jsonl');
const refund = path.join(EXAMPLES, 'refund-triage.waymark.json');
const input = JSON.stringify({ ticketId: 'T-1', orderId: 'ord_1001', message: 'It arrived cracked.' });

function sqlite(db: string, script: string): string {
  return execFileSync(SQLITE, [db], { input: script, encoding: 'utf8' });
}

let copies = 0;
/** A copy of the golden database, with the triggers that would stop tampering dropped. */
function tamperable(): string {
  const db = path.join(dir, `t${++copies}.db`);
  copyFileSync(golden, db);
  sqlite(db, 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  return db;
}

function entries(db: string): AuditEntry[] {
  const rows = JSON.parse(sqlite(db, '.mode json\nSELECT * FROM audit_log ORDER BY seq;') || '[]') as Array<
    Record<string, string | number | null>
  >;
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: String(r.at),
    runId: r.run_id as string | null,
    kind: String(r.kind),
    actor: String(r.actor),
    payload: JSON.parse(String(r.payload)),
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  }));
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const verify = (db: string, ...extra: string[]) => cli(['--db', db, 'audit', 'verify', ...extra]);

beforeAll(async () => {
  for (const [id, decision] of [
    ['r1', []],
    ['r2', ['--reject']],
  ] as const) {
    expect(
      (await cli(['--db', golden, 'run', refund, '--simulate', '--input', input, '--run-id', id, '-q'])).code,
    ).toBe(3);
    expect(
      (await cli(['--db', golden, 'approve', id, '--as', 'alice', '--comment', 'checked', '-q', ...decision])).code,
    ).toBe(0);
  }
  expect((await cli(['--db', golden, 'audit', 'export', '--out', exported])).code).toBe(0);
  // Everything in the main file, so a plain copy is the whole database.
  sqlite(golden, 'PRAGMA wal_checkpoint(TRUNCATE);');
});

describe('audit log: append-only and intact', () => {
  it('records run start/end, decisions with rationale and approvals (who, comment) in one chain', () => {
    const all = entries(golden);
    expect(all.map((e) => e.kind)).toEqual(
      [...Array(2)].flatMap(() => [
        'run.started',
        'decision.taken',
        'decision.taken',
        'approval.requested',
        'approval.resolved',
        'run.finished',
      ]),
    );
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all[1]?.payload).toMatchObject({ rationale: expect.stringContaining('rule 1') });
    // The CLI's OS account beside the typed name: the actor names both, the payload keeps them apart.
    const account = os.userInfo().username;
    expect(all[4]).toMatchObject({
      actor: `alice (OS account ${account})`,
      payload: { decision: 'approved', by: 'alice', account, comment: 'checked' },
    });
    expect(all[10]).toMatchObject({ runId: 'r2', payload: { decision: 'rejected' } });
    for (const e of all) expect(entryHash(e)).toBe(e.hash);
  });

  it('verifies (exit 0), also against its own export', async () => {
    const r = await verify(golden);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('intact: 12 entries');
    expect((await verify(golden, '--head', exported)).code).toBe(0);
    expect((await verify(golden, '--against', exported)).code).toBe(0);
  });

  it('refuses UPDATE and DELETE while the triggers are in place', () => {
    const db = path.join(dir, 'guarded.db');
    copyFileSync(golden, db);
    expect(() => sqlite(db, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 5;")).toThrow(/append-only/);
    expect(() => sqlite(db, 'DELETE FROM audit_log WHERE seq = 5;')).toThrow(/append-only/);
  });

  it('exports JSONL ending with the chain head; --run keeps one run and the global head', async () => {
    const lines = readFileSync(exported, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(13);
    expect(lines.at(-1)).toEqual({ head: { seq: 12, hash: entries(golden)[11]?.hash } });
    const one = await cli(['--db', golden, 'audit', 'export', '--run', 'r2']);
    const runLines = one.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(runLines.slice(0, -1).map((e) => e.runId)).toEqual(Array(6).fill('r2'));
    expect(runLines.at(-1)).toEqual(lines.at(-1));
  });
});

describe('audit log: tampering is detected', () => {
  it('an edited payload names the edited entry', async () => {
    const db = tamperable();
    sqlite(db, "UPDATE audit_log SET payload = json_set(payload, '$.comment', 'looks fine') WHERE seq = 5;");
    const r = await verify(db);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /first bad entry #5: entry 5 \(approval\.resolved\) does not match its hash: its content was edited/,
    );
  });

  it('an edited actor is caught too', async () => {
    const db = tamperable();
    sqlite(db, "UPDATE audit_log SET actor = 'bob' WHERE seq = 11;");
    expect((await verify(db)).stderr).toMatch(/first bad entry #11: .*edited/);
  });

  it('a deleted middle entry names the missing seq', async () => {
    const db = tamperable();
    sqlite(db, 'DELETE FROM audit_log WHERE seq = 4;');
    const r = await verify(db);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/first bad entry #4: entry 4 is missing \(deleted\)/);
  });

  it('a forged entry inserted in the middle (with a bogus hash) is named', async () => {
    const db = tamperable();
    const prev = entries(db)[2] as AuditEntry;
    sqlite(
      db,
      `UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 4; UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1000;
       INSERT INTO audit_log VALUES (4, ${q(prev.at)}, 'r1', 'approval.resolved', 'alice', '{"decision":"approved"}', ${q(prev.hash)}, ${q('f'.repeat(64))});`,
    );
    const r = await verify(db);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/first bad entry #4: entry 4 \(approval\.resolved\) does not match its hash/);
  });

  it('a forged entry with a correctly computed hash is caught at the entry after it', async () => {
    const db = tamperable();
    const prev = entries(db)[2] as AuditEntry;
    const forged = {
      seq: 4,
      at: prev.at,
      runId: 'r1',
      kind: 'approval.resolved',
      actor: 'alice',
      payload: { decision: 'approved' },
      prevHash: prev.hash,
    };
    sqlite(
      db,
      `UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 4; UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1000;
       INSERT INTO audit_log VALUES (4, ${q(forged.at)}, 'r1', ${q(forged.kind)}, 'alice', ${q(JSON.stringify(forged.payload))}, ${q(prev.hash)}, ${q(entryHash(forged))});`,
    );
    const r = await verify(db);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /first bad entry #5: entry 5 \(approval\.requested\) does not link to the entry before it/,
    );
  });

  it('two swapped entries are reported as reordered', async () => {
    const db = tamperable();
    sqlite(
      db,
      'UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = -2;',
    );
    const r = await verify(db);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /first bad entry #2: .*prevHash is the hash of the entry now at 3, not of entry 1: entries were reordered/,
    );
  });

  it('a truncated tail passes on its own but is caught against the exported head', async () => {
    const db = tamperable();
    sqlite(db, 'DELETE FROM audit_log WHERE seq > 9;');
    expect((await verify(db)).code).toBe(0);
    const byFile = await verify(db, '--head', exported);
    expect(byFile.code).toBe(1);
    expect(byFile.stderr).toMatch(
      /first bad entry #10: the log ends at entry 9, but the exported head is entry 12: .*truncated/,
    );
    const head = JSON.parse(readFileSync(exported, 'utf8').trim().split('\n').at(-1) as string).head as {
      hash: string;
    };
    const byHash = await verify(db, '--head', head.hash);
    expect(byHash.code).toBe(1);
    expect(byHash.stderr).toMatch(/no entry has the exported head hash/);
  });

  it('a consistently rebuilt chain passes on its own but is caught against the export, naming where it diverges', async () => {
    const db = tamperable();
    const all = entries(db);
    // Rewrite the first decision's rationale and rehash every entry from there on.
    const rebuilt: AuditEntry[] = [];
    let prevHash = (all[0] as AuditEntry).hash;
    for (const e of all.slice(1)) {
      const payload = e.seq === 3 ? { ...(e.payload as object), rationale: 'manager said so' } : e.payload;
      const body = { ...e, payload, prevHash };
      const hash = entryHash(body);
      rebuilt.push({ ...body, hash });
      prevHash = hash;
    }
    sqlite(
      db,
      rebuilt
        .map(
          (e) =>
            `UPDATE audit_log SET payload = ${q(JSON.stringify(e.payload))}, prev_hash = ${q(e.prevHash)}, hash = ${q(e.hash)} WHERE seq = ${e.seq};`,
        )
        .join('\n'),
    );
    expect((await verify(db)).code).toBe(0);
    const head = await verify(db, '--head', exported);
    expect(head.code).toBe(1);
    expect(head.stderr).toMatch(/first bad entry #12: .*rebuilt since the export/);
    const against = await verify(db, '--against', exported);
    expect(against.code).toBe(1);
    expect(against.stderr).toMatch(/first bad entry #3: entry 3 \(decision\.taken\) differs from the exported one/);
  });

  it('refuses a --head file that is not an export', async () => {
    const bad = path.join(dir, 'not-export.jsonl');
    writeFileSync(bad, '{"seq":1}\n');
    const r = await verify(golden, '--head', bad);
    expect(r.code).toBe(2);
  });
});
