// A planted secret never reaches the database, the trace, `show --json --events`, the audit
// export or the CLI's own output — even when the services the workflow calls echo it back
// in responses, error bodies and model replies, when a human pastes it into an approval
// comment, and when it arrives in the run input.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from './fakes/fake-llm-server';
import { startFlakyServer, type FlakyServer } from './fakes/flaky-server';
import { cli, tempDir, type CliResult } from './helpers/cli';
import { formsIn } from './helpers/secret-forms';

const ORDERS_TOKEN = 'tok-planted-42beef-9a7c';
const OPENAI_API_KEY = 'sk-planted-7f3a9c1e5b';
const PLANTED = [ORDERS_TOKEN, OPENAI_API_KEY];

const dir = tempDir('waymark-secrets-');
const db = path.join(dir, 'leak.db');
const secretsFile = path.join(dir, 'secrets.env');
const outputs: Array<{ what: string; text: string }> = [];
let api: FlakyServer;
let llm: FakeLlmServer;

async function run(what: string, args: string[]): Promise<CliResult> {
  const r = await cli(['--db', db, '--secrets-file', secretsFile, '--allow-env', 'OPENAI_API_KEY', ...args], {
    env: { OPENAI_API_KEY },
  });
  outputs.push({ what: `${what} stdout`, text: r.stdout }, { what: `${what} stderr`, text: r.stderr });
  return r;
}

const ALL_RISKS = ['read', 'draft', 'write', 'financial', 'external-communication', 'destructive'];

function spec(): object {
  const zoned = (n: object) => ({ ...n, zone: 'open' });
  return {
    specVersion: 1,
    id: 'leaky',
    name: 'Leaky services',
    secrets: [{ name: 'ORDERS_TOKEN' }, { name: 'OPENAI_API_KEY' }],
    zones: [{ id: 'open', name: 'Open', policy: { unattended: ALL_RISKS, approval: [], forbidden: [] } }],
    connectors: {
      api: { kind: 'http', baseUrl: api.url, headers: { Authorization: { secret: 'ORDERS_TOKEN' } }, risk: 'read' },
      gpt: {
        kind: 'llm',
        provider: 'openai',
        model: 'fake',
        baseUrl: llm.openaiBaseUrl,
        apiKey: { secret: 'OPENAI_API_KEY' },
      },
    },
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      zoned({ id: 'lookup', type: 'tool', name: 'Echoing lookup', config: { connector: 'api', path: '/echo' } }),
      zoned({
        id: 'broken',
        type: 'tool',
        name: 'Failing call',
        config: { connector: 'api', path: '/fail' },
        retry: { maxAttempts: 1 },
      }),
      zoned({
        id: 'ask',
        type: 'llm',
        name: 'Chatty model',
        config: { model: 'gpt', prompt: 'Summarise {{ $string(nodes.lookup) }} and {{ $string(nodes.broken) }}' },
      }),
      zoned({
        id: 'ask_fail',
        type: 'llm',
        name: 'Failing model',
        config: { model: 'gpt', prompt: 'FAIL please' },
        retry: { maxAttempts: 1 },
      }),
      {
        id: 'gate',
        type: 'approval',
        name: 'Check',
        config: {
          message: 'Send "{{ nodes.ask.text }}"?',
          payload: '{"lookup": nodes.lookup, "llmError": nodes.ask_fail}',
        },
      },
      {
        id: 'end',
        type: 'end',
        name: 'End',
        config: {
          output:
            '{"lookup": nodes.lookup, "broken": nodes.broken, "ask": nodes.ask, "gate": nodes.gate, "input": input}',
        },
      },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'lookup' },
      { id: 'e2', source: 'lookup', target: 'broken' },
      { id: 'e2x', source: 'lookup', target: 'broken', kind: 'error' },
      { id: 'e3', source: 'broken', target: 'ask' },
      { id: 'e3x', source: 'broken', target: 'ask', kind: 'error' },
      { id: 'e4', source: 'ask', target: 'ask_fail' },
      { id: 'e4x', source: 'ask', target: 'ask_fail', kind: 'error' },
      { id: 'e5', source: 'ask_fail', target: 'gate' },
      { id: 'e5x', source: 'ask_fail', target: 'gate', kind: 'error' },
      { id: 'e6', source: 'gate', target: 'end', kind: 'branch', branch: 'approved' },
      { id: 'e7', source: 'gate', target: 'end', kind: 'branch', branch: 'rejected' },
    ],
  };
}

beforeAll(async () => {
  // The API echoes the Authorization header in its body, its headers, and its error text.
  api = await startFlakyServer({
    fallback: (req) =>
      req.url.startsWith('/fail')
        ? { status: 403, body: `token ${req.headers.authorization} is not allowed here` }
        : {
            status: 200,
            headers: { 'x-seen-token': req.headers.authorization ?? '' },
            body: {
              you: 'ok',
              seen: req.headers.authorization,
              nested: [{ again: `Bearer ${req.headers.authorization}` }],
            },
          },
  });
  // The model repeats its API key and its prompt; a prompt saying FAIL gets an error quoting the key.
  llm = await startFakeLlmServer({
    handler: (req) => {
      const key = req.headers.authorization ?? '';
      const prompt = req.messages.at(-1)?.content ?? '';
      if (prompt.includes('FAIL')) return { error: { status: 400, message: `invalid request for ${key}` } };
      return { text: `Your key is ${key}. You said: ${prompt}` };
    },
  });
  writeFileSync(secretsFile, `ORDERS_TOKEN=${ORDERS_TOKEN}\n`);
  writeFileSync(path.join(dir, 'leaky.waymark.json'), JSON.stringify(spec()));
});

afterAll(async () => {
  await api?.close();
  await llm?.close();
});

describe('a planted secret value is never written or printed', () => {
  it('runs the leaky workflow through an approval, with the secret in the input and in a comment', async () => {
    const input = JSON.stringify({ note: `my key is ${OPENAI_API_KEY}` });
    const started = await run('run', [
      '--json',
      'run',
      path.join(dir, 'leaky.waymark.json'),
      '--input',
      input,
      '--run-id',
      'leak-1',
    ]);
    expect(started.code, started.stderr).toBe(3);
    const approved = await run('approve', [
      '--json',
      'approve',
      'leak-1',
      '--as',
      'carol',
      '--comment',
      `pasted ${ORDERS_TOKEN} by mistake`,
    ]);
    expect(approved.code, approved.stderr).toBe(0);
    // The services really did see (and echo) the values: otherwise this test proves nothing.
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([ORDERS_TOKEN, ORDERS_TOKEN]);
    expect(llm.requests[0]?.headers.authorization).toBe(`Bearer ${OPENAI_API_KEY}`);
    const out = JSON.parse(approved.stdout) as { status: string; output: Record<string, unknown> };
    expect(out.status).toBe('completed');
    expect(out.output.lookup).toEqual({
      you: 'ok',
      seen: '[secret:ORDERS_TOKEN]',
      nested: [{ again: 'Bearer [secret:ORDERS_TOKEN]' }],
    });
    expect(JSON.stringify(out.output.broken)).toContain('token [secret:ORDERS_TOKEN] is not allowed');
    expect(JSON.stringify(out.output.ask)).toContain('Your key is Bearer [secret:OPENAI_API_KEY]');
    expect(out.output.input).toEqual({ note: 'my key is [secret:OPENAI_API_KEY]' });
  });

  it('show --json --events and the audit export carry names and placeholders, never values', async () => {
    const show = await run('show', ['--json', 'show', 'leak-1', '--events']);
    expect(show.code).toBe(0);
    const shown = JSON.parse(show.stdout) as {
      events: Array<{ type: string; name?: string; nodeId?: string; found?: boolean }>;
      approvals: Array<{ comment?: string }>;
    };
    const reads = shown.events
      .filter((e) => e.type === 'secret.accessed')
      .map((e) => `${e.nodeId}:${e.name}:${e.found}`);
    expect(reads).toEqual([
      'lookup:ORDERS_TOKEN:true',
      'broken:ORDERS_TOKEN:true',
      'ask:OPENAI_API_KEY:true',
      'ask_fail:OPENAI_API_KEY:true',
    ]);
    expect(shown.approvals[0]?.comment).toBe('pasted [secret:ORDERS_TOKEN] by mistake');
    expect(show.stdout).toContain('[secret:OPENAI_API_KEY]');

    const file = path.join(dir, 'audit.jsonl');
    expect((await run('export', ['audit', 'export', '--out', file])).code).toBe(0);
    const exported = readFileSync(file, 'utf8');
    outputs.push({ what: 'audit export', text: exported });
    const kinds = exported
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { kind?: string }).kind);
    expect(kinds.filter((k) => k === 'secret.accessed')).toHaveLength(4);
    expect(exported).toContain('[secret:ORDERS_TOKEN]');
  });

  it('no file of the database (db, -wal, -shm) and no output contains either value, in any encoding', async () => {
    // One more read while the writer is still alive would not change files; closing checkpoints
    // the WAL into the db, so both the main file and any WAL left behind are checked.
    const files = readdirSync(dir).filter((f) => f.startsWith('leak.db'));
    expect(files).toContain('leak.db');
    for (const f of files) {
      const text = readFileSync(path.join(dir, f)).toString('latin1');
      for (const v of PLANTED) expect(formsIn(text, v), `${v} in ${f}`).toEqual([]);
    }
    expect(outputs.length).toBeGreaterThanOrEqual(8);
    for (const o of outputs) for (const v of PLANTED) expect(formsIn(o.text, v), `${v} in ${o.what}`).toEqual([]);
  });
});
