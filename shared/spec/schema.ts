/**
 * The Waymark spec (`*.waymark.json`), version 1. This zod schema is the single source
 * of truth: the TypeScript types are inferred from it and the published JSON Schema in
 * `resources/schema/` is generated from it (`npm run gen:schema`).
 *
 * Node `config` is checked per node type by the node catalog (see `shared/nodes/`), so
 * that an unknown node type is reported as such, together with every other problem.
 */
import { z } from 'zod';

export const SPEC_VERSION = 1 as const;

/** Identifiers used as keys and references: node ids, edge ids, connector aliases, zone ids. */
export const IdSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must start with a letter and use only letters, digits, "_" or "-" (max 64)');

export const RISK_CLASSES = ['read', 'draft', 'write', 'financial', 'external-communication', 'destructive'] as const;
export const RiskClassSchema = z.enum(RISK_CLASSES);
export type RiskClass = z.infer<typeof RiskClassSchema>;

/** Any JSON Schema document (checked for validity by the validator, not here). */
export const JsonSchemaSchema = z.record(z.string(), z.unknown()).describe('A JSON Schema (draft 2020-12 subset)');

export const RetryPolicySchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(20).describe('Total attempts, including the first'),
    initialDelayMs: z.number().int().min(0).max(600_000).default(500),
    backoffMultiplier: z.number().min(1).max(10).default(2),
    maxDelayMs: z.number().int().min(0).max(3_600_000).default(30_000),
    jitter: z.number().min(0).max(1).default(0.2).describe('Fraction of the delay randomised (full jitter when 1)'),
  })
  .strict();
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

export const PositionSchema = z.object({ x: z.number(), y: z.number() }).strict();

export const PinnedSchema = z
  .object({
    output: z.unknown().describe('Output used instead of calling the node in simulation'),
    port: z.string().optional().describe('Port to leave by (defaults to the normal one)'),
  })
  .strict();

export const NodeSchema = z
  .object({
    id: IdSchema,
    type: z.string().min(1),
    typeVersion: z.number().int().min(1).default(1),
    name: z.string().min(1).max(120),
    position: PositionSchema.default({ x: 0, y: 0 }),
    config: z.record(z.string(), z.unknown()).default({}),
    retry: RetryPolicySchema.optional(),
    timeoutMs: z.number().int().min(1).max(3_600_000).optional(),
    zone: IdSchema.optional(),
    pinned: PinnedSchema.optional(),
    notes: z.string().max(10_000).optional(),
  })
  .strict();
export type SpecNode = z.infer<typeof NodeSchema>;

export const EDGE_KINDS = ['next', 'error', 'branch'] as const;
export const EdgeSchema = z
  .object({
    id: IdSchema,
    source: IdSchema,
    target: IdSchema,
    kind: z.enum(EDGE_KINDS).default('next'),
    branch: z.string().min(1).max(64).optional().describe('Branch name, required when kind is "branch"'),
    maxTraversals: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe('Loop bound: how many times a run may take this edge'),
    probability: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Cost projection prior: the share of departures from the source step that take this edge'),
  })
  .strict();
export type SpecEdge = z.infer<typeof EdgeSchema>;

/** A reference to a secret by name. Values never appear in a spec. */
export const SecretRefSchema = z
  .object({ secret: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be in UPPER_SNAKE_CASE, like OPENAI_API_KEY') })
  .strict();

export const HttpConnectorSchema = z
  .object({
    kind: z.literal('http'),
    baseUrl: z.string().url(),
    headers: z.record(z.string(), z.union([z.string(), SecretRefSchema])).optional(),
    risk: RiskClassSchema.optional().describe(
      'Risk class of calls through this connector; unknown means the strictest',
    ),
    rateLimitPerSecond: z.number().positive().optional(),
    description: z.string().optional(),
  })
  .strict();

export const LlmConnectorSchema = z
  .object({
    kind: z.literal('llm'),
    provider: z
      .enum(['openai', 'anthropic'])
      .describe('"openai" covers any OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp)'),
    model: z.string().min(1),
    baseUrl: z.string().url().optional(),
    apiKey: SecretRefSchema.optional(),
    pricing: z
      .object({
        inputPerMTok: z.number().min(0).describe('USD per million input tokens'),
        outputPerMTok: z.number().min(0).describe('USD per million output tokens'),
        cacheReadPerMTok: z
          .number()
          .min(0)
          .optional()
          .describe('USD per million input tokens read from the prompt cache'),
      })
      .strict()
      .optional(),
    maxTokens: z.number().int().positive().optional(),
    temperature: z.number().min(0).max(2).optional(),
    // A model call only produces text for a later step to use, so it defaults to "draft";
    // declare a stricter class when a model's reply is acted on without review.
    risk: RiskClassSchema.optional().describe(
      'Risk class of calls to this model; default "draft" (a model call drafts for review)',
    ),
    description: z.string().optional(),
  })
  .strict();

export const ConnectorSchema = z.discriminatedUnion('kind', [HttpConnectorSchema, LlmConnectorSchema]);
export type Connector = z.infer<typeof ConnectorSchema>;
export type HttpConnector = z.infer<typeof HttpConnectorSchema>;
export type LlmConnector = z.infer<typeof LlmConnectorSchema>;

export const BudgetSchema = z
  .object({
    maxCostUsd: z.number().min(0).optional(),
    maxTokens: z.number().int().min(0).optional(),
    maxLlmCalls: z.number().int().min(0).optional(),
    maxSteps: z.number().int().min(0).optional(),
    maxWallTimeMs: z.number().int().min(0).optional(),
  })
  .strict();
export type Budget = z.infer<typeof BudgetSchema>;

/**
 * Who decides the automatic approval gates of a zone's nodes, and what happens when nobody
 * does in time. No `branch` action: tool and LLM nodes have no named branches, and a
 * rejected call already leaves by the node's error edge.
 */
export const ApprovalRuleSchema = z
  .object({
    approvers: z.array(z.string().min(1)).optional().describe('Who may decide (anyone when empty)'),
    timeoutMs: z.number().int().positive().optional().describe('How long to wait before the timeout action'),
    onTimeout: z
      .enum(['reject', 'escalate'])
      .optional()
      .describe('At timeout: reject, or escalate once to "escalateTo" (then reject)'),
    escalateTo: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type ApprovalRule = z.infer<typeof ApprovalRuleSchema>;

export const ZonePolicySchema = z
  .object({
    unattended: z.array(RiskClassSchema).default(['read']).describe('Risk classes that run without a human'),
    approval: z.array(RiskClassSchema).default([]).describe('Risk classes that need a human approval'),
    forbidden: z.array(RiskClassSchema).default([]).describe('Risk classes that may never run here'),
    connectors: z.array(IdSchema).optional().describe('Connectors this zone may use (all when absent)'),
    secrets: z.array(z.string()).optional().describe('Secrets this zone may use (all when absent)'),
    budget: BudgetSchema.optional(),
    approvals: ApprovalRuleSchema.optional().describe(
      'Assignees and timeout of the approval gates this policy asks for',
    ),
  })
  .strict();

export const ZoneSchema = z
  .object({
    id: IdSchema,
    name: z.string().min(1).max(120),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'must look like "#4f7cff"')
      .default('#6b7cff'),
    description: z.string().optional(),
    policy: ZonePolicySchema.default({ unattended: ['read'], approval: [], forbidden: [] }),
    position: PositionSchema.optional(),
    size: z.object({ width: z.number().positive(), height: z.number().positive() }).strict().optional(),
  })
  .strict();
export type Zone = z.infer<typeof ZoneSchema>;

export const SecretDeclSchema = z
  .object({
    name: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be in UPPER_SNAKE_CASE, like OPENAI_API_KEY'),
    description: z.string().optional(),
  })
  .strict();

export const SpecSchema = z
  .object({
    $schema: z.string().optional(),
    specVersion: z.literal(SPEC_VERSION),
    id: IdSchema,
    name: z.string().min(1).max(200),
    description: z.string().max(20_000).optional(),
    input: JsonSchemaSchema.default({ type: 'object' }).describe('JSON Schema of the run input'),
    output: JsonSchemaSchema.optional().describe('JSON Schema of the run output'),
    connectors: z.record(IdSchema, ConnectorSchema).default({}),
    secrets: z.array(SecretDeclSchema).default([]),
    zones: z.array(ZoneSchema).default([]),
    nodes: z.array(NodeSchema).min(1, 'a workflow needs at least a start and an end step'),
    edges: z.array(EdgeSchema).default([]),
    defaults: z
      .object({ retry: RetryPolicySchema.optional(), timeoutMs: z.number().int().min(1).optional() })
      .strict()
      .optional(),
  })
  .strict();

export type WorkflowSpec = z.infer<typeof SpecSchema>;
/** What a spec looks like before defaults are applied (what authors write). */
export type WorkflowSpecInput = z.input<typeof SpecSchema>;
