/**
 * Token estimates of an LLM step with no recorded runs: its system prompt and prompt rendered
 * over an example scope (the spec's first input example, else a value shaped by the input
 * schema; upstream steps by their pinned output, else a value shaped by their output schema)
 * and counted with a real tokenizer. Output tokens come from the step's output schema (a
 * reply shaped like it) or its max tokens. Every figure here is an estimate, and says so.
 */
import type { LlmConnector, SpecNode, WorkflowSpec } from '../../../shared/spec/schema';
import { evaluate, render } from '../expressions';

/** Counts tokens as a model's tokenizer would (a port: the engine knows no tokenizer). */
export interface TokenCounter {
  /** The encoding used for `model`, e.g. `o200k_base`. */
  encodingFor(model: string): string;
  count(text: string, model: string): number;
}

export interface StepEstimate {
  nodeId: string;
  input: number;
  output: { low: number; expected: number; high: number };
  tokenizer: string;
  notes: string[];
}

/** Per chat message (role and separators), and the reply's priming: OpenAI's published overhead. */
const PER_MESSAGE = 4;
const REPLY_PRIMING = 3;
/** A free-text reply with no max tokens is assumed to be up to this long. */
const DEFAULT_REPLY_MAX = 1024;
/** A hole with no example value is counted as this text. */
const PLACEHOLDER = 'a value of a few words';

/** A value shaped like a JSON Schema: its example, default or const, else typical content. */
export function sampleOf(schema: unknown, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 8) return PLACEHOLDER;
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'date') return '2026-01-31';
      if (s.format === 'date-time') return '2026-01-31T12:00:00Z';
      if (s.format === 'email') return 'name@example.com';
      return typeof s.minLength === 'number' && s.minLength > 20 ? 'x'.repeat(s.minLength) : 'a short piece of text';
    case 'number':
      return 1234.5;
    case 'integer':
      return 42;
    case 'boolean':
      return true;
    case 'array':
      return [sampleOf(s.items, depth + 1)];
    case 'object':
    default: {
      const props = s.properties && typeof s.properties === 'object' ? (s.properties as Record<string, unknown>) : {};
      if (type !== 'object' && !Object.keys(props).length) return PLACEHOLDER;
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, sampleOf(v, depth + 1)]));
    }
  }
}

function outputSchemaOf(node: SpecNode): unknown {
  const c = node.config;
  return c.outputSchema ?? c.responseSchema ?? c.schema;
}

/** The scope a prompt is rendered over: example input, and each step's pinned or schema-shaped output. */
export function exampleScope(spec: WorkflowSpec): { input: unknown; nodes: Record<string, unknown>; prev: unknown } {
  const examples = (spec.input as { examples?: unknown }).examples;
  const input = Array.isArray(examples) && examples.length ? examples[0] : sampleOf(spec.input);
  const nodes: Record<string, unknown> = {};
  for (const n of spec.nodes) {
    if (n.pinned) nodes[n.id] = n.pinned.output;
    else if (outputSchemaOf(n)) nodes[n.id] = sampleOf(outputSchemaOf(n));
  }
  return { input, nodes, prev: input };
}

async function renderCounted(template: string, scope: unknown): Promise<{ text: string; holes: number }> {
  let holes = 0;
  const text = await render(template, async (expr) => {
    try {
      const v = await evaluate(expr, scope, { timeoutMs: 250 });
      if (v !== undefined && v !== null && v !== '') return v;
    } catch {
      // An expression that fails over the example scope is counted like a missing value.
    }
    holes++;
    return PLACEHOLDER;
  });
  return { text, holes };
}

/** The estimate of one LLM step (the caller checks it is one and that its connector is an LLM). */
export async function estimateStep(
  spec: WorkflowSpec,
  node: SpecNode,
  connector: LlmConnector,
  tokens: TokenCounter,
  scope = exampleScope(spec),
): Promise<StepEstimate> {
  const c = node.config as { system?: string; prompt?: string; outputSchema?: unknown; maxTokens?: number };
  const model = connector.model;
  const notes: string[] = [];
  let input = REPLY_PRIMING;
  let holes = 0;
  for (const t of [c.system, c.prompt]) {
    if (!t) continue;
    try {
      const r = await renderCounted(t, scope);
      input += PER_MESSAGE + tokens.count(r.text, model);
      holes += r.holes;
    } catch {
      input += PER_MESSAGE + tokens.count(t, model);
      notes.push('a template could not be rendered; its text was counted as written');
    }
  }
  if (holes) notes.push(`${holes} template hole(s) had no example value and were counted as a few words each`);
  const maxTokens = c.maxTokens ?? connector.maxTokens;
  let output: StepEstimate['output'];
  if (c.outputSchema) {
    // Structured output: the schema travels with the request, and the reply is shaped like it.
    input += tokens.count(JSON.stringify(c.outputSchema), model);
    const reply = tokens.count(JSON.stringify(sampleOf(c.outputSchema)), model);
    const high = Math.max(reply, Math.min(maxTokens ?? reply * 2, reply * 2));
    output = { low: reply, expected: reply, high };
    notes.push('output tokens estimated from a reply shaped like the output schema');
  } else {
    const high = maxTokens ?? DEFAULT_REPLY_MAX;
    output = { low: Math.round(high / 4), expected: Math.round(high / 2), high };
    notes.push(
      maxTokens
        ? `output tokens estimated as half of the step's max tokens (${maxTokens})`
        : `no output schema and no max tokens: the reply is assumed to be about ${Math.round(high / 2)} tokens (up to ${high})`,
    );
  }
  return { nodeId: node.id, input, output, tokenizer: tokens.encodingFor(model), notes };
}
