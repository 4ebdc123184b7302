// Spec size, nesting and string limits: a clear problem naming the limit and where, before any parsing.
import { describe, expect, it } from 'vitest';
import { checkSpecDocument, checkSpecText, SPEC_LIMITS } from './limits';
import { loadSpecText } from './load';

const deep = (levels: number) => `{"specVersion":1,"x":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;

describe('spec limits', () => {
  it('refuses text over the size limit before parsing it', () => {
    const text = `{"name":"${'x'.repeat(SPEC_LIMITS.maxChars)}"}`;
    expect(checkSpecText(text)).toMatchObject({ code: 'spec.too-large', path: '$' });
    // Loaded problems are worded as sentences (problem-names.ts).
    expect(loadSpecText(`${text}${' '.repeat(400_000)}`).problems[0]?.message).toBe(
      'The spec is too large: 10.4 MB of text; the limit is 10 MB.',
    );
  });

  it('refuses 5,000 levels of nesting with the line and column where it passed the limit', () => {
    const r = loadSpecText(deep(5000));
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      expect.objectContaining({
        code: 'spec.too-deep',
        message: 'The spec is nested too deeply: more than 64 levels of objects and arrays at line 1, column 337.',
        subjectKind: 'workflow',
      }),
    ]);
  });

  it('ignores brackets inside strings when counting nesting', () => {
    expect(checkSpecText(JSON.stringify({ prompt: '['.repeat(500), q: 'a \\" [[[' }))).toBeUndefined();
  });

  it('checks an already-parsed document too, naming the path (shortened)', () => {
    let v: unknown = 1;
    for (let i = 0; i < 100; i++) v = { a: v };
    const p = checkSpecDocument({ specVersion: 1, x: v });
    expect(p).toMatchObject({ code: 'spec.too-deep' });
    expect(p?.path).toBe('$.x.a.a.a.a.a.a.a.a.a.a.a…');
  });

  it('names the step and edge counts over the limit', () => {
    const nodes = Array.from({ length: 100_000 }, (_, i) => ({ id: `n${i}`, type: 'transform', name: 'x' }));
    expect(checkSpecDocument({ nodes, edges: [] })).toMatchObject({
      code: 'spec.too-large',
      path: '$.nodes',
      message: 'the spec has too many steps: 100,000; the limit is 5,000',
    });
  });

  it('refuses a too long string, naming where it is', () => {
    const doc = { nodes: [{ id: 'a', config: { prompt: 'x'.repeat(SPEC_LIMITS.maxStringChars + 1) } }] };
    expect(checkSpecDocument(doc)).toMatchObject({
      code: 'spec.string-too-long',
      path: '$.nodes[0].config.prompt',
      message: 'this text is too long: 1,000,001 characters; the limit is 1,000,000',
    });
  });

  it('accepts specs well within the limits', () => {
    expect(checkSpecText(deep(40))).toBeUndefined();
    expect(checkSpecDocument(JSON.parse(deep(40)))).toBeUndefined();
  });
});
