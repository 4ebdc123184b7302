// A planted secret through every path of the real web host API (WebSocket) and the real CLI on
// the same database, against a loopback service that echoes it back in every encoding: run,
// "Run this node", a paused run's state edit, an approval comment, a fork's edits, errors cut
// to length, events, audit — and then the database files (db, -wal, -shm), every API reply and
// push, the host's log, the CLI's output and its audit export are searched for the value and
// each of its encodings: nothing is found.
import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretInfo, SecretStore } from '../src-main/host/secret-store';
import { startFlakyServer, type FlakyServer } from './fakes/flaky-server';
import { connectClient, startTestHost, type ApiClient, type TestHost } from './helpers/api-client';
import { cli } from './helpers/cli';
import { formsIn, secretForms } from './helpers/secret-forms';

const PLANTED = 'Tok+en/Planted=9x!Zq~42';
const forms = secretForms(PLANTED);

function memoryStore(): SecretStore {
  const values = new Map<string, { value: string; at: string }>();
  return {
    list: (): SecretInfo[] => [...values.entries()].map(([name, v]) => ({ name, updatedAt: v.at })),
    set: (name, value) => void values.set(name, { value, at: new Date().toISOString() }),
    delete: (name) => values.delete(name),
    get: (name) => values.get(name)?.value,
    status: () => ({ encrypted: true }),
  };
}

const spec = (url: string) =>
  JSON.stringify({
    specVersion: 1,
    id: 'planted',
    name: 'Planted secret',
    secrets: [{ name: 'API_TOKEN' }],
    zones: [{ id: 'open', name: 'Open', policy: { unattended: ['read'], approval: [], forbidden: [] } }],
    connectors: {
      api: { kind: 'http', baseUrl: url, risk: 'read', headers: { Authorization: { secret: 'API_TOKEN' } } },
    },
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      { id: 'call', type: 'tool', name: 'Echo', zone: 'open', config: { connector: 'api', path: '/echo' } },
      {
        id: 'fail',
        type: 'tool',
        name: 'Refused',
        zone: 'open',
        config: { connector: 'api', path: '/fail' },
        retry: { maxAttempts: 1 },
      },
      {
        id: 'note',
        type: 'transform',
        name: 'Note',
        config: { expression: '{"from": nodes.call, "error": nodes.fail}' },
      },
      {
        id: 'gate',
        type: 'approval',
        name: 'Check',
        config: { message: 'Seen {{ $string(nodes.note) }}', payload: 'nodes.note' },
      },
      { id: 'end', type: 'end', name: 'End', config: { output: '{"note": nodes.note, "gate": nodes.gate}' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'call' },
      { id: 'e2', source: 'call', target: 'fail' },
      { id: 'e3', source: 'fail', target: 'note' },
      { id: 'e3x', source: 'fail', target: 'note', kind: 'error' },
      { id: 'e4', source: 'note', target: 'gate' },
      { id: 'e5', source: 'gate', target: 'end', kind: 'branch', branch: 'approved' },
      { id: 'e6', source: 'gate', target: 'end', kind: 'branch', branch: 'rejected' },
    ],
  });

let echo: FlakyServer;
let t: TestHost;
let client: ApiClient;
const logs: string[] = [];
/** Every reply and output searched at the end. */
const seen: Array<{ what: string; text: string }> = [];
const keep = <T>(what: string, v: T): T => {
  seen.push({ what, text: typeof v === 'string' ? v : JSON.stringify(v) });
  return v;
};

beforeAll(async () => {
  // The service echoes the Authorization header back in every encoding, and cuts its error text
  // so that a 300-character excerpt would end half-way through the value.
  echo = await startFlakyServer({
    fallback: (req) => {
      const v = req.headers.authorization ?? '';
      if (req.url.startsWith('/fail')) return { status: 403, body: `${'x'.repeat(290)}${v} is refused` };
      // Every form, and the value inside a Basic credential (the search looks for its stable middle).
      const { basic: _inside, ...f } = secretForms(v);
      return { status: 200, body: { ...f, header: `Basic ${Buffer.from(`user:${v}`).toString('base64')}` } };
    },
  });
  t = await startTestHost({
    service: {
      secretStore: memoryStore(),
      log: (l) => logs.push(l),
      onInternalError: (m, e) => logs.push(`${m}: ${String(e)}`),
    },
  });
  client = await connectClient(t.host);
  await client.ok('secrets.set', { name: 'API_TOKEN', value: PLANTED });
});

afterAll(async () => {
  client?.close();
  await t?.kill();
  await echo?.close();
  if (t) await rm(t.dir, { recursive: true, force: true });
});

/** The run once it has ended or waits (a decision's continuation runs in the background). */
async function ended(id: string) {
  for (;;) {
    const r = await client.ok('runs.get', { runId: id });
    if (['completed', 'failed', 'cancelled', 'waiting'].includes(r.run.status)) return r;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a planted secret through the web host API and the CLI', () => {
  let runId = '';

  it('runs, pauses, takes a pasted state edit, an approval comment and a fork edit: all scrubbed', async () => {
    const text = spec(echo.url);
    ({ runId } = keep(
      'start',
      await client.ok('runs.start', {
        text,
        input: { pasted: forms.base64 },
        breakpoints: { before: ['gate'], after: [] },
      }),
    ));
    await client.waitFor((p) => 'event' in p && p.event.runId === runId && p.event.type === 'run.paused');
    // The service really got (and echoed) the value: otherwise nothing here proves anything.
    expect(echo.requests.map((r) => r.headers.authorization)).toEqual([PLANTED, PLANTED]);
    keep(
      'editState',
      await client.ok('runs.editState', {
        runId,
        nodeId: 'note',
        output: { pasted: `${PLANTED} / ${forms.upper} / ${forms.form}` },
        by: 'ana',
      }),
    );
    keep('watch', await client.ok('runs.watch', { runId, expressions: ['nodes.note', 'nodes.call'] }));
    keep('continue', await client.ok('runs.continue', { runId }));
    await client.waitFor((p) => 'event' in p && p.event.runId === runId && p.event.type === 'approval.requested');
    const inbox = keep('approvals.list', await client.ok('approvals.list', { runId }));
    const approvalId = inbox[0]!.approval.id;
    keep(
      'decide',
      await client.ok('approvals.decide', {
        approvalId,
        decision: 'approved',
        by: 'carol',
        comment: `oops ${forms.base64url} ${forms.json}`,
      }),
    );
    const done = keep('after decide', await ended(runId));
    expect(done.run.status).toBe('completed');
    expect(JSON.stringify(done.output)).toContain('[secret:API_TOKEN]');

    const fork = keep(
      'fork',
      await client.ok('runs.fork', { runId, fromStep: 1, edits: { call: { pasted: forms.lower } } }),
    );
    // The fork goes on live from its edited step to the approval gate, and waits there.
    expect(keep('fork waits', await ended(fork.runId)).run.status).toBe('waiting');
    const single = keep(
      'runNode',
      await client.ok('runs.runNode', {
        text,
        nodeId: 'call',
        scope: { input: { typed: PLANTED }, nodes: {}, prev: null },
      }),
    );
    expect(single).toMatchObject({ status: 'done', output: { raw: '[secret:API_TOKEN]' } });
    const failing = keep(
      'runNode fail',
      await client.ok('runs.runNode', { text, nodeId: 'fail', scope: { input: {}, nodes: {}, prev: null } }),
    );
    expect(failing.status).toBe('failed');
    for (const id of [runId, fork.runId]) {
      keep(`get ${id}`, await client.ok('runs.get', { runId: id }));
      keep(`events ${id}`, await client.ok('runs.events', { runId: id }));
    }
    keep('list', await client.ok('runs.list', {}));
    keep('audit.list', await client.ok('audit.list', {}));
    keep('audit.verify', await client.ok('audit.verify', {}));
    keep('secrets.list', await client.ok('secrets.list', { names: ['API_TOKEN'] }));
    keep('pushes', client.pushes);
    expect(echo.requests.length).toBeGreaterThanOrEqual(4);
  });

  it('the CLI on the same database shows and exports placeholders only', async () => {
    const db = path.join(t.dataDir, 'waymark.db');
    const show = await cli(['--db', db, '--json', 'show', runId, '--events']);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('[secret:API_TOKEN]');
    const exported = await cli(['--db', db, 'audit', 'export']);
    expect(exported.code).toBe(0);
    for (const [what, r] of [
      ['show', show],
      ['export', exported],
    ] as const) {
      keep(`cli ${what} stdout`, r.stdout);
      keep(`cli ${what} stderr`, r.stderr);
    }
  });

  it('no reply, push, log line, CLI output or database file holds the value in any encoding', async () => {
    keep('host log', logs.join('\n'));
    expect(seen.length).toBeGreaterThanOrEqual(20);
    const hits = seen.flatMap((s) => formsIn(s.text, PLANTED).map((f) => `${f} in ${s.what}`));
    expect(hits).toEqual([]);
    await t.kill();
    const dir = t.dataDir;
    const files = readdirSync(dir).filter((f) => f.startsWith('waymark.db'));
    expect(files).toContain('waymark.db');
    for (const f of files) {
      const text = readFileSync(path.join(dir, f)).toString('latin1');
      expect(formsIn(text, PLANTED), f).toEqual([]);
    }
  });
});
