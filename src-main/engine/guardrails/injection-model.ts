/**
 * The learned injection model: a logistic regression over hashed character and word
 * n-grams (injection-features.ts), trained offline on test/fixtures/injection/train by
 * `npm run train:injection` and shipped as injection-model-data.ts (int8 weights). It reads
 * wordings no rule lists — other languages, paraphrases, plain-language tool calls — and
 * complements the rules (injection.ts runs it on the text and on its decoded views).
 * Weights are decoded on first use; scoring is linear in the text, no network, no native code.
 */
import { eachFeature, normalise, windows } from './injection-features';
import file from './injection-model-data';

interface ModelFile {
  version: number;
  dim: number;
  bias: number;
  scale: number;
  threshold: number;
  weights: string;
}

const MODEL = file as ModelFile;

/** Score at or above which a text counts as an injection (chosen by cross-validation when training). */
export const MODEL_THRESHOLD = MODEL.threshold;

let weights: Int8Array | undefined;
const loaded = (): Int8Array => {
  weights ??= new Int8Array(Buffer.from(MODEL.weights, 'base64'));
  return weights;
};

/** The model's probability that `text` (one window) is an injection. */
function windowScore(w: Int8Array, text: string): number {
  let dot = 0;
  eachFeature(normalise(text), (k, v) => {
    dot += (w[k] as number) * v;
  });
  return 1 / (1 + Math.exp(-(MODEL.bias + dot * MODEL.scale)));
}

/** The highest window score of `text`, 0–1, with that window's [start, end) in `text`. */
export function injectionScore(text: string): { score: number; start: number; end: number } {
  const w = loaded();
  let best = { score: 0, start: 0, end: text.length };
  for (const [start, end] of windows(text)) {
    const score = windowScore(w, text.slice(start, end));
    if (score > best.score) best = { score, start, end };
  }
  return best;
}
