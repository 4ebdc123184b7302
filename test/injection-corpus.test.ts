// The injection screen against the labelled corpus (test/fixtures/injection): recall ≥ 0.8
// at precision ≥ 0.95 on the dev part it was tuned on AND on the held-out part it never was.
// heldout2 was written after the last tuning, in phrasings nobody checked against the rules:
// its recall is the honest figure for novel wording (docs/guardrails.md) and is guarded here
// only against regressing below what it measured.
import { describe, expect, it } from 'vitest';
import { findInjection } from '../src-main/engine/guardrails/injection';
import { corpus, score } from './fixtures/injection/corpus';

const flags = (text: string) => findInjection(text).some((m) => m.severity !== 'low');

describe('prompt-injection corpus', () => {
  it('is large and varied enough to mean something', () => {
    for (const part of [corpus.dev, corpus.heldout]) {
      expect(part.length).toBeGreaterThan(250);
      expect(part.filter((e) => !e.injection).length).toBeGreaterThan(100);
      const langs = new Set(part.filter((e) => e.injection).map((e) => e.lang));
      for (const l of ['en', 'es', 'de', 'fr', 'pt', 'it', 'nl', 'zh', 'ja', 'ru']) expect(langs).toContain(l);
      const cats = new Set(part.map((e) => e.category));
      for (const c of [
        'b64',
        'hex',
        'rot13',
        'leet',
        'homoglyph',
        'zero-width',
        'wrapped',
        'marker',
        'approval',
        'tool',
        'indirect',
      ])
        expect(cats).toContain(c);
    }
  });

  it.each(['dev', 'heldout'] as const)('%s: recall ≥ 0.8 at precision ≥ 0.95', (part) => {
    const s = score(corpus[part], flags);
    console.log(
      `${part}: ${s.examples} examples (${s.attacks} attacks): precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}`,
    );
    expect(s.precision).toBeGreaterThanOrEqual(0.95);
    expect(s.recall).toBeGreaterThanOrEqual(0.8);
  });
});

it('heldout2 (novel phrasing, never tuned on): precision ≥ 0.95, recall not below its measured 0.48', () => {
  const s = score(corpus.heldout2, flags);
  console.log(
    `heldout2: ${s.examples} examples (${s.attacks} attacks): precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}`,
  );
  expect(s.precision).toBeGreaterThanOrEqual(0.95);
  expect(s.recall).toBeGreaterThanOrEqual(0.48);
});
