import { z } from 'zod';
import { LlmGuardrailsSchema } from './guardrail';
import type { NodeDescription, NodeIssue } from './types';

const Config = z
  .object({
    model: z.string().min(1).describe('Alias of an LLM connector declared in the spec'),
    system: z.string().optional().describe('System prompt template'),
    prompt: z.string().min(1).describe('User prompt template: text with {{ expression }} holes'),
    outputSchema: z.record(z.string(), z.unknown()).optional().describe('JSON Schema the reply must satisfy'),
    repairAttempts: z
      .number()
      .int()
      .min(0)
      .max(5)
      .default(1)
      .describe('How often to ask the model to fix an invalid reply'),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
    guardrails: LlmGuardrailsSchema.optional().describe(
      'Screen the rendered prompt before sending: redactPii, screenInjection (flag | block | off), injectionClassifier',
    ),
  })
  .strict();

/** Calls a language model with a prompt rendered from run state. */
export const llmNode: NodeDescription<z.infer<typeof Config>> = {
  type: 'llm',
  version: 1,
  title: 'LLM',
  category: 'ai',
  icon: '✦',
  description: 'Prompt a model over run state; optional structured output validated against a JSON Schema.',
  ports: [{ kind: 'next' }, { kind: 'error' }],
  params: [
    { key: 'model', label: 'Model', kind: 'model', required: true },
    { key: 'system', label: 'System prompt', kind: 'template' },
    {
      key: 'prompt',
      label: 'Prompt',
      kind: 'template',
      required: true,
      help: 'Use {{ input.field }} or {{ nodes.<id>.field }}',
    },
    {
      key: 'outputSchema',
      label: 'Output schema',
      kind: 'jsonSchema',
      help: 'When set, the reply must be JSON matching it',
    },
    { key: 'repairAttempts', label: 'Repair attempts', kind: 'number', min: 0, max: 5 },
    { key: 'temperature', label: 'Temperature', kind: 'number', min: 0, max: 2 },
    { key: 'maxTokens', label: 'Max output tokens', kind: 'number', min: 1 },
  ],
  configSchema: Config,
  defaults: { model: '', prompt: '', repairAttempts: 1 },
  effect: 'external',
  timeoutMs: 120_000,
  calls: [{ kind: 'llm', connectorParam: 'model' }],
  // The prompt screen's classifier is a model too; it sits inside `guardrails`, where a call
  // declaration's top-level `connectorParam` cannot point.
  validate: (c, { spec }) => {
    const alias = c.guardrails?.injectionClassifier;
    if (alias === undefined) return [];
    const known = Object.hasOwn(spec.connectors, alias) ? spec.connectors[alias] : undefined;
    if (known?.kind === 'llm') return [];
    const issue: NodeIssue = {
      severity: 'error',
      code: 'node.unknown-model',
      path: ['guardrails', 'injectionClassifier'],
      message: known
        ? `Connector "${alias}" calls an HTTP API; it is not a model.`
        : `Model "${alias}" is not declared in this workflow.`,
      hint: 'Choose an LLM connector as the injection classifier, or add one under Connectors in the workflow settings.',
    };
    return [issue];
  },
  summary: (c) => `${c.model || 'no model'}${c.outputSchema ? ' · structured' : ''}`,
};
