/**
 * The tokenizer of the cost projection's estimates (engine/cost/estimate.ts): gpt-tokenizer's
 * BPE encodings, pure JS. `o200k_base` for OpenAI's GPT-4o generation and later (4o, 4.1,
 * 4.5, 5, o-series), `cl100k_base` for older OpenAI models and as the stand-in for other
 * providers' models, whose tokenizers are not public (counts within a few percent for prose).
 */
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import type { TokenCounter } from '../engine/cost';

const O200K = /^(ft:)?(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o[1-9]|codex|computer-use)/i;

export function encodingFor(model: string): 'o200k_base' | 'cl100k_base' {
  return O200K.test(model) ? 'o200k_base' : 'cl100k_base';
}

export const gptTokenCounter: TokenCounter = {
  encodingFor,
  count: (text, model) => (encodingFor(model) === 'o200k_base' ? countO200k(text) : countCl100k(text)),
};
