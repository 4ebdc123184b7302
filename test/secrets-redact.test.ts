// RunRedactor: which values are registered, which forms are replaced, and what a read records.
import { describe, expect, it } from 'vitest';
import { MIN_SECRET_LENGTH, RunRedactor, RunRedactors, type SecretAccess } from '../src-main/engine/redact';
import type { SecretsPort } from '../src-main/engine/ports';

const port = (values: Record<string, string>): SecretsPort => ({ get: (n) => values[n] });

describe('RunRedactor', () => {
  it('registers declared secrets up front and replaces raw, URL-encoded and JSON-escaped forms', () => {
    const r = new RunRedactor({ secrets: [{ name: 'TOKEN' }, { name: 'MISSING' }] }, port({ TOKEN: 'a b"c/d€' }));
    expect(r.active).toBe(true);
    const value = {
      raw: 'x a b"c/d€ y',
      url: `https://h/?t=${encodeURIComponent('a b"c/d€')}`,
      embedded: JSON.stringify({ t: 'a b"c/d€' }),
      list: ['a b"c/d€'],
      ['key a b"c/d€']: 1,
    };
    expect(r.scrub(value)).toEqual({
      raw: 'x [secret:TOKEN] y',
      url: 'https://h/?t=[secret:TOKEN]',
      embedded: '{"t":"[secret:TOKEN]"}',
      list: ['[secret:TOKEN]'],
      'key [secret:TOKEN]': 1,
    });
    // Scrubbing copies; the input is untouched.
    expect(value.raw).toBe('x a b"c/d€ y');
  });

  it('replaces the forms a value takes on the wire: form encoding, base64(url) at any alignment, JSON escapes, any case', () => {
    const v = 'Tok+en/é=42 ~x';
    const r = new RunRedactor({ secrets: [{ name: 'T' }] }, port({ T: v }));
    const b64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s)));
    const forms = {
      form: new URLSearchParams({ q: v }).toString(),
      uri: encodeURI(`https://h/${v}`),
      basic: `Basic ${b64(`user:${v}`)}`,
      b64a: b64(v),
      b64b: b64(`x${v}y`),
      b64c: b64(`xy${v}z`),
      b64url: b64(`ab${v}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
      ascii: JSON.stringify(v).replace(
        /[\u007f-\uffff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      ),
      twice: JSON.stringify(JSON.stringify({ t: v })),
      upper: `${v.toUpperCase()} and ${v.toLowerCase()}`,
    };
    const out = r.scrub(forms);
    for (const [k, text] of Object.entries(out)) {
      expect(text, k).toContain('[secret:T]');
      expect(text.toLowerCase(), k).not.toContain('tok+en');
    }
    // Nothing of the value survives in its encodings.
    const flat = JSON.stringify(out);
    for (const enc of [v, encodeURIComponent(v), b64(v).slice(0, 12), v.toUpperCase()]) expect(flat).not.toContain(enc);
  });

  it('replaces the piece of a value a length cap left at the end or start of a text', () => {
    const v = 'tok-cut-in-half-0123456789';
    const r = new RunRedactor({ secrets: [{ name: 'T' }] }, port({ T: v }));
    expect(r.scrubText(`denied for ${v.slice(0, 13)}…`)).toBe('denied for [secret:T]…');
    expect(r.scrubText(`denied for ${v.slice(0, 9)}`)).toBe('denied for [secret:T]');
    expect(r.scrubText(`…${v.slice(-10)} was the key`)).toBe('…[secret:T] was the key');
    // Short pieces and unrelated endings stay.
    expect(r.scrubText('ends with tok-c')).toBe('ends with tok-c');
    expect(r.scrubText('a perfectly normal sentence')).toBe('a perfectly normal sentence');
    expect(r.find(`x ${v.toUpperCase()} y`)).toBe('T');
    expect(r.find('nothing here')).toBeUndefined();
  });

  it('replaces a secret that contains another as a whole', () => {
    const r = new RunRedactor(
      { secrets: [{ name: 'SHORT' }, { name: 'LONG' }] },
      port({ SHORT: 'abcd1234', LONG: 'abcd1234-and-more' }),
    );
    expect(r.scrubText('abcd1234-and-more / abcd1234')).toBe('[secret:LONG] / [secret:SHORT]');
  });

  it(`ignores values shorter than ${MIN_SECRET_LENGTH} characters and is a no-op with nothing registered`, () => {
    const r = new RunRedactor({ secrets: [{ name: 'PIN' }] }, port({ PIN: 'abc' }));
    expect(r.active).toBe(false);
    const v = { text: 'abc abc' };
    expect(r.scrub(v)).toBe(v);
  });

  it('a node read registers the value and is reported once per step and name, found or not', () => {
    const r = new RunRedactor({ secrets: [] }, port({ API: 'secret-value-1' }));
    const reads: SecretAccess[] = [];
    let step = { stepIdx: 1, nodeId: 'a' };
    const p = r.port(
      port({ API: 'secret-value-1' }),
      () => step,
      (a) => reads.push(a),
    );
    expect(r.scrubText('secret-value-1')).toBe('secret-value-1');
    expect(p.get('API')).toBe('secret-value-1');
    expect(p.get('API')).toBe('secret-value-1');
    expect(p.get('NOPE')).toBeUndefined();
    step = { stepIdx: 2, nodeId: 'b' };
    p.get('API');
    expect(reads).toEqual([
      { stepIdx: 1, nodeId: 'a', name: 'API', found: true },
      { stepIdx: 1, nodeId: 'a', name: 'NOPE', found: false },
      { stepIdx: 2, nodeId: 'b', name: 'API', found: true },
    ]);
    expect(r.scrubText('got secret-value-1')).toBe('got [secret:API]');
  });

  it('RunRedactors scrubs with the redactor of a run while it executes, and not after', () => {
    const rs = new RunRedactors();
    rs.enter({ id: 'r1', spec: { secrets: [{ name: 'K' }] } }, port({ K: 'kkkk-1' }));
    expect(rs.scrub('r1', ['kkkk-1'])).toEqual(['[secret:K]']);
    expect(rs.scrub('r2', ['kkkk-1'])).toEqual(['kkkk-1']);
    rs.leave('r1');
    expect(rs.scrub('r1', ['kkkk-1'])).toEqual(['kkkk-1']);
  });
});

describe('engine: redaction of what people type in', () => {
  it('scrubs a secret value pasted into a fork edit from the fork’s steps, events and outcome', async () => {
    const { harness, spec, edges } = await import('../src-main/engine/testing/harness');
    const { mapSecrets } = await import('../src-main/engine/testing/fakes');
    const h = harness({ secrets: mapSecrets({ API_TOKEN: 'tok-super-secret-77' }) });
    const s = spec({
      secrets: [{ name: 'API_TOKEN' }],
      nodes: [
        { id: 's', type: 'start', name: 'S' },
        { id: 't', type: 'transform', name: 'T', config: { expression: '{"note": "hello"}' } },
        { id: 'e', type: 'end', name: 'E', config: { output: 'nodes.t' } },
      ],
      edges: edges('s>t, t>e'),
    });
    const parent = await h.engine.start(s, {});
    const fork = await h.engine.fork(parent.runId, {
      fromStep: 1,
      runId: 'forked',
      edits: { t: { note: 'token is tok-super-secret-77' } },
    });
    expect(fork.output).toEqual({ note: 'token is [secret:API_TOKEN]' });
    const stored = JSON.stringify([
      h.store.getRun('forked'),
      h.store.getSteps('forked'),
      h.store.getEvents('forked'),
      h.events,
    ]);
    expect(stored).toContain('[secret:API_TOKEN]');
    expect(stored).not.toContain('tok-super-secret-77');
  });
});

describe('engine: redaction on the paths outside a driven run', () => {
  const SECRET = 'tok-paused-paste-31415';
  const specOf = async () => {
    const { spec, edges } = await import('../src-main/engine/testing/harness');
    return spec({
      secrets: [{ name: 'API_TOKEN' }],
      connectors: {
        api: { kind: 'http', baseUrl: 'http://api.test', headers: { 'X-Token': { secret: 'API_TOKEN' } } },
      },
      nodes: [
        { id: 's', type: 'start', name: 'S' },
        { id: 'a', type: 'transform', name: 'A', config: { expression: '{ "n": 1 }' } },
        { id: 'get', type: 'tool', name: 'Get', config: { connector: 'api', path: '/x', risk: 'read' } },
        { id: 'e', type: 'end', name: 'E', config: { output: 'nodes.a' } },
      ],
      edges: edges('s>a, a>get, get>e'),
    });
  };

  it('scrubs a value pasted into the state of a paused run (editState) from its steps, events and outcome', async () => {
    const { harness } = await import('../src-main/engine/testing/harness');
    const { mapSecrets, json, ScriptedHttp } = await import('../src-main/engine/testing/fakes');
    const http = new ScriptedHttp(() => json(200, {}));
    const h = harness({ http, secrets: mapSecrets({ API_TOKEN: SECRET }) });
    h.engine.setBreakpoints('paste', { before: ['get'] });
    expect((await h.engine.start(await specOf(), {}, { runId: 'paste' })).status).toBe('paused');
    h.engine.editState('paste', 'a', { note: `here: ${SECRET}`, b64: btoa(SECRET) }, 'ana');
    const done = await h.engine.continue('paste');
    expect(done.output).toEqual({ note: 'here: [secret:API_TOKEN]', b64: '[secret:API_TOKEN]' });
    const stored = JSON.stringify([h.store.getSteps('paste'), h.store.getEvents('paste'), h.events, done]);
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain(btoa(SECRET));
  });

  it('runs a single node (the inspector’s "Run this node") without returning a value, typed or echoed', async () => {
    const { loadSpecDocument } = await import('../shared/spec/load');
    const { builtinRegistry } = await import('../src-main/engine/nodes');
    const { runSingleNode } = await import('../src-main/engine/run-node');
    const f = await import('../src-main/engine/testing/fakes');
    // The service echoes the token header, and the scope someone typed holds the value too.
    const http = new f.ScriptedHttp((req) =>
      f.json(200, { echoed: req.headers['X-Token'], form: `t=${encodeURIComponent(SECRET)}` }),
    );
    const parsed = loadSpecDocument(await specOf()).spec!;
    const deps = {
      registry: builtinRegistry(),
      http,
      llm: f.noLlm,
      clock: new f.RecordingClock(),
      random: new f.SeededRandom(),
      secrets: f.mapSecrets({ API_TOKEN: SECRET }),
    };
    const r = await runSingleNode(deps, parsed, 'get', {
      input: { typed: SECRET },
      nodes: { a: { n: SECRET } },
      prev: null,
    });
    expect(http.requests[0]?.headers['X-Token']).toBe(SECRET);
    expect(r.outcome).toMatchObject({
      kind: 'done',
      output: { echoed: '[secret:API_TOKEN]', form: 't=[secret:API_TOKEN]' },
    });
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });
});
