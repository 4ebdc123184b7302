import { z } from 'zod';
import type { NodeDescription } from './types';

/** Personal-data kinds the guardrail detects (docs/guardrails.md says what each covers). */
export const PII_KINDS = ['email', 'phone', 'card', 'iban', 'us-ssn', 'uk-nino'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

const PiiAction = z.enum(['redact', 'block', 'flag', 'off']);
const InjectionAction = z.enum(['block', 'flag', 'off']);

/**
 * Guardrail settings of an llm node, applied to the rendered user prompt before the call:
 * `redactPii` replaces personal data; `screenInjection` records (`flag`) or refuses
 * (`block`: the step fails with `guardrail.injection`, taking its error edge) a prompt
 * carrying injection signals; `injectionClassifier` names an LLM connector asked about prompts
 * the built-in screen lets through.
 */
export const LlmGuardrailsSchema = z
  .object({
    redactPii: z.boolean().optional().describe('Replace personal data in the prompt before it is sent'),
    screenInjection: InjectionAction.optional().describe(
      'Prompt-injection screening of the prompt: flag, block or off',
    ),
    injectionClassifier: z
      .string()
      .min(1)
      .optional()
      .describe(
        'An LLM connector asked to classify the prompt when the built-in screen finds nothing that blocks (one model call)',
      ),
    injectionClassifierThreshold: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Classifier confidence at or above which the prompt counts as an injection (default 0.5)'),
  })
  .strict();
export type LlmGuardrails = z.infer<typeof LlmGuardrailsSchema>;

const Config = z
  .object({
    mode: z
      .enum(['input', 'output'])
      .default('input')
      .describe('input: screen untrusted text; output: validate a result before acting on it'),
    value: z
      .string()
      .optional()
      .describe('JSONata expression for the value to check (default: the previous step output)'),
    pii: PiiAction.optional().describe(
      'Personal data found: redact, block (flagged branch), flag (record only) or off. Default: redact for input, off for output',
    ),
    piiKinds: z.array(z.enum(PII_KINDS)).optional().describe('Which kinds of personal data to look for (default: all)'),
    injection: InjectionAction.optional().describe(
      'Prompt-injection signals: block (flagged branch), flag (record only) or off. Default: block for input, off for output',
    ),
    injectionClassifier: z
      .string()
      .min(1)
      .optional()
      .describe(
        'An LLM connector asked to classify the value when the heuristics find no injection (more recall, one model call per value)',
      ),
    injectionClassifierThreshold: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Classifier confidence at or above which the value counts as an injection (default 0.5)'),
    schema: z.record(z.string(), z.unknown()).optional().describe('JSON Schema the value must satisfy'),
    required: z.array(z.string().min(1)).optional().describe('Dotted paths that must hold a value'),
    confidenceField: z
      .string()
      .min(1)
      .optional()
      .describe('Dotted path of the confidence number (default "confidence")'),
    confidenceThreshold: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Below this confidence the value goes to the review branch'),
    onInvalid: z
      .enum(['error', 'flagged', 'review'])
      .default('error')
      .describe('Where a value failing the schema or required fields goes'),
  })
  .strict();
type GuardrailConfig = z.infer<typeof Config>;

/** The actions in effect once mode defaults are applied (the engine and the ports agree on them). */
export function guardrailActions(c: Partial<GuardrailConfig>): {
  pii: z.infer<typeof PiiAction>;
  injection: z.infer<typeof InjectionAction>;
} {
  const input = (c.mode ?? 'input') === 'input';
  return { pii: c.pii ?? (input ? 'redact' : 'off'), injection: c.injection ?? (input ? 'block' : 'off') };
}

/**
 * Screens input (personal data, prompt injection) or validates output (schema, required
 * fields, confidence). Detectors are signals: they route and record, never approve.
 */
export const guardrailNode: NodeDescription<GuardrailConfig> = {
  type: 'guardrail',
  version: 1,
  title: 'Guardrail',
  category: 'logic',
  icon: '⛨',
  description:
    'Screen text for personal data and prompt injection, or validate a result (schema, required fields, confidence) before acting on it.',
  ports: [
    { kind: 'next' },
    // Blocking (pii or injection, whose defaults depend on the mode; see guardrailActions) or an invalid value flagged.
    {
      kind: 'branch',
      name: 'flagged',
      when: {
        anyOf: [
          { param: 'pii', equals: 'block' },
          { param: 'injection', equals: 'block' },
          {
            allOf: [
              { param: 'injection', present: false },
              {
                anyOf: [
                  { param: 'mode', equals: 'input' },
                  { param: 'mode', present: false },
                ],
              },
            ],
          },
          { param: 'onInvalid', equals: 'flagged' },
        ],
      },
    },
    {
      kind: 'branch',
      name: 'review',
      when: {
        anyOf: [
          { param: 'confidenceThreshold', present: true },
          { param: 'onInvalid', equals: 'review' },
        ],
      },
    },
    { kind: 'error' },
  ],
  params: [
    {
      key: 'mode',
      label: 'Mode',
      kind: 'select',
      options: [
        { value: 'input', label: 'Screen input' },
        { value: 'output', label: 'Validate output' },
      ],
    },
    {
      key: 'value',
      label: 'Value',
      kind: 'expression',
      placeholder: 'prev',
      help: 'What to check; default: the previous step output',
    },
    {
      key: 'pii',
      label: 'Personal data',
      kind: 'select',
      options: [
        { value: 'redact', label: 'Redact' },
        { value: 'block', label: 'Block (flagged)' },
        { value: 'flag', label: 'Record only' },
        { value: 'off', label: 'Off' },
      ],
    },
    {
      key: 'piiKinds',
      label: 'Personal data kinds',
      kind: 'stringList',
      help: `Any of: ${PII_KINDS.join(', ')} (default: all)`,
    },
    {
      key: 'injection',
      label: 'Prompt injection',
      kind: 'select',
      options: [
        { value: 'block', label: 'Block (flagged)' },
        { value: 'flag', label: 'Record only' },
        { value: 'off', label: 'Off' },
      ],
    },
    {
      key: 'injectionClassifier',
      label: 'Injection classifier',
      kind: 'model',
      help: 'Optional: a model that double-checks values the heuristics let through (one call per value)',
    },
    {
      key: 'injectionClassifierThreshold',
      label: 'Classifier threshold',
      kind: 'number',
      min: 0,
      max: 1,
      help: 'Confidence at or above which the classifier’s verdict counts (default 0.5)',
    },
    { key: 'schema', label: 'Schema', kind: 'jsonSchema', help: 'The value must satisfy this JSON Schema' },
    { key: 'required', label: 'Required fields', kind: 'stringList', help: 'Dotted paths, e.g. customer.email' },
    { key: 'confidenceField', label: 'Confidence field', kind: 'text', placeholder: 'confidence' },
    {
      key: 'confidenceThreshold',
      label: 'Confidence threshold',
      kind: 'number',
      min: 0,
      max: 1,
      help: 'Below it, the value goes to the review branch (a human)',
    },
    {
      key: 'onInvalid',
      label: 'When invalid',
      kind: 'select',
      options: [
        { value: 'error', label: 'Fail (error path)' },
        { value: 'flagged', label: 'Flagged branch' },
        { value: 'review', label: 'Review branch' },
      ],
    },
  ],
  configSchema: Config,
  defaults: { mode: 'input', onInvalid: 'error' },
  effect: 'pure',
  // The injection classifier is a model call, governed like any other, made only when one is named.
  calls: [{ kind: 'llm', connectorParam: 'injectionClassifier', optional: true }],
  summary: (c) => {
    const { pii, injection } = guardrailActions(c);
    const parts = [
      pii !== 'off' ? `PII ${pii}` : '',
      injection !== 'off' ? `injection ${injection}${c.injectionClassifier ? ` + ${c.injectionClassifier}` : ''}` : '',
      c.schema ? 'schema' : '',
      c.required?.length ? `${c.required.length} required` : '',
      c.confidenceThreshold !== undefined ? `confidence ≥ ${c.confidenceThreshold}` : '',
    ];
    return parts.filter(Boolean).join(' · ') || 'no checks';
  },
};
