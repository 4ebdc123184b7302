import { describe, expect, it } from 'vitest';
import { stringifySpec } from '../../shared/spec/canonical';
import { refundFixture } from '../testing/refund-fixture';
import { emptySpec } from '../model/spec-ops';
import { parseSpecText } from './parse';

describe('parsing spec text', () => {
  it('reads canonical text back into the same spec', () => {
    const r = parseSpecText(stringifySpec(refundFixture()));
    expect(r.ok && stringifySpec(r.spec)).toBe(stringifySpec(refundFixture()));
  });

  it('accepts an empty workflow (the canvas starts empty)', () => {
    const r = parseSpecText(stringifySpec(emptySpec()));
    expect(r.ok).toBe(true);
  });

  it('names the line and column of a JSON syntax error', () => {
    const r = parseSpecText('{\n  "a": 1,\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.message).toMatch(/^The text is not valid JSON at line 3, column 1/);
  });

  it('reports schema problems with JSON paths', () => {
    const spec = { ...refundFixture(), bogus: 1, nodes: [{ ...refundFixture().nodes[0], id: '1x' }] };
    const r = parseSpecText(JSON.stringify(spec));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => p.path).sort()).toEqual(['$', '$.nodes[0].id']);
      // Named and worded as the validator would: the step by name, the field by its label.
      expect(r.problems.find((p) => p.path === '$.nodes[0].id')).toMatchObject({
        subject: refundFixture().nodes[0]?.name,
        subjectKind: 'step',
        field: 'Id',
        message: expect.stringMatching(/^Id must start with a letter/),
      });
      expect(r.problems.find((p) => p.path === '$')?.message).toBe('The workflow has an unknown field "bogus".');
    }
  });

  it('migrates the preview format', () => {
    const r = parseSpecText(
      JSON.stringify({
        version: '0.9',
        id: 'x',
        name: 'X',
        nodes: { s: { type: 'start', name: 'S' }, e: { type: 'end', name: 'E' } },
        edges: [{ from: 's', to: 'e' }],
      }),
    );
    expect(r.ok && r.spec.edges).toEqual([{ id: 'e1', source: 's', target: 'e', kind: 'next' }]);
  });
});
