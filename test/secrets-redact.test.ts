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
