/**
 * Cost projection to a production volume: what `waymark cost` prints and the editor's Cost
 * panel shows (`cost.project` in api.ts). The projection itself is computed by the backend
 * (src-main/engine/cost/); these zod schemas are the contract, the types are derived.
 */
import { z } from 'zod';

/** The options of one projection, as the CLI and the panel give them (parsed by the backend). */
export const CostOptionsSchema = z
  .object({
    /** Runs per period: `100000/month`, `3000/day`, `25k/week`, `1.2m/year`; a bare number is per month. */
    volume: z.string().min(1).max(64),
    /**
     * `history`: token figures and branch shares from recorded runs (an error when there are none);
     * `estimate`: from the prompts and the edges' priors only; `auto`: history where there is some.
     */
    basis: z.enum(['auto', 'history', 'estimate']).default('auto'),
    /** `step=model` (swap), `step=model@30%` (route a share), `cache=0.5` or `step.cache=50%` (prompt-cache hits). */
    whatIf: z.array(z.string().min(1).max(200)).max(50).default([]),
    /** Infrastructure multiplier on top of model spend (pilot to production is typically 5–10×). */
    infraMultiplier: z.number().min(1).max(1000).default(1),
  })
  .strict();
export type CostOptions = z.input<typeof CostOptionsSchema>;
export type CostOptionsOut = z.output<typeof CostOptionsSchema>;

/** Low / expected / high, USD. */
export const CostRangeSchema = z.object({ low: z.number(), expected: z.number(), high: z.number() });
export type CostRange = z.infer<typeof CostRangeSchema>;

/** A token figure of one step per visit: median, 90th percentile and mean. */
export const TokenStatSchema = z.object({ p50: z.number(), p90: z.number(), mean: z.number() });
export type TokenStat = z.infer<typeof TokenStatSchema>;

export const CostStepSchema = z.object({
  nodeId: z.string(),
  name: z.string(),
  type: z.string(),
  zone: z.string().optional(),
  /** The LLM connector alias the step calls (after a swap what-if, the model it would call). */
  connector: z.string().optional(),
  model: z.string(),
  /** Where the price comes from: the connector's own `pricing`, the offline table, or nowhere (priced at 0). */
  priceSource: z.enum(['connector', 'table', 'none']),
  inputPerMTok: z.number(),
  outputPerMTok: z.number(),
  /** Expected visits per run (loops and branches included). */
  visits: z.number(),
  tokens: z.object({
    /** `history`: recorded runs; `estimate`: the rendered prompt counted with a tokenizer. */
    source: z.enum(['history', 'estimate']),
    /** Recorded visits the figures come from (0 for an estimate). */
    samples: z.number(),
    input: TokenStatSchema,
    output: TokenStatSchema,
    /** The tokenizer an estimate used (`o200k_base`, `cl100k_base`). */
    tokenizer: z.string().optional(),
  }),
  /** Cost of this step per run. */
  perRun: CostRangeSchema,
  /** Share of the expected cost per run, 0–1. */
  share: z.number(),
  /** What-ifs applied to this step, in words. */
  whatIf: z.array(z.string()),
  notes: z.array(z.string()),
});
export type CostStep = z.infer<typeof CostStepSchema>;

export const CostEdgeSchema = z.object({
  edgeId: z.string(),
  source: z.string(),
  target: z.string(),
  /** `next`, `error`, `branch:<name>`. */
  port: z.string(),
  probability: z.number(),
  /** `history`: recorded runs; `prior`: the edge's `probability`; `assumed`: neither (see notes). */
  basis: z.enum(['history', 'prior', 'assumed']),
  /** Recorded departures from the source step (history only). */
  observations: z.number(),
});
export type CostEdge = z.infer<typeof CostEdgeSchema>;

export const CostBudgetSchema = z.object({
  zone: z.string(),
  zoneName: z.string(),
  limit: z.enum(['maxCostUsd', 'maxTokens', 'maxLlmCalls', 'maxSteps']),
  max: z.number(),
  /** Projected spend per run inside the zone. */
  expected: z.number(),
  high: z.number(),
  /** `over`: the expected spend passes the limit; `at-risk`: only the high end does. */
  status: z.enum(['within', 'at-risk', 'over']),
});
export type CostBudget = z.infer<typeof CostBudgetSchema>;

export const CostWhatIfSchema = z.object({
  text: z.string(),
  description: z.string(),
  /** Monthly expected cost with this what-if alone, and the change from the baseline. */
  perMonth: z.number(),
  delta: z.number(),
});

export const CostPointSchema = z.object({
  volume: z.number(),
  low: z.number(),
  expected: z.number(),
  high: z.number(),
});

export const CostProjectionSchema = z.object({
  specId: z.string(),
  specName: z.string(),
  /** The volume as given, and in runs per month. */
  volume: z.object({ text: z.string(), perMonth: z.number() }),
  history: z.object({
    /** Recorded runs of this workflow the projection read. */
    runs: z.number(),
    /** Of them, simulated (pinned data, no model calls): they give branch shares, not tokens. */
    simulated: z.number(),
    used: z.boolean(),
  }),
  infraMultiplier: z.number(),
  /** Model spend per run (what-ifs applied). */
  perRun: CostRangeSchema,
  /** Per month at the volume, infrastructure multiplier included. */
  perMonth: CostRangeSchema,
  /** Model spend per month before the infrastructure multiplier. */
  modelPerMonth: CostRangeSchema,
  /** Without the what-ifs (same as perMonth when there are none). */
  baselinePerMonth: CostRangeSchema,
  /** LLM steps, the biggest cost driver first. */
  steps: z.array(CostStepSchema),
  edges: z.array(CostEdgeSchema),
  budgets: z.array(CostBudgetSchema),
  whatIfs: z.array(CostWhatIfSchema),
  /** Cost per month against volume, from a tenth of the volume to ten times it. */
  curve: z.array(CostPointSchema),
  /** Assumptions and gaps, in words. */
  notes: z.array(z.string()),
  prices: z.object({ source: z.string(), asOf: z.string() }),
});
export type CostProjection = z.infer<typeof CostProjectionSchema>;

/** Money as people read it: `$0.000213`, `$4.27`, `$21,300`, `-$5.17` (the CLI and the Cost panel). */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0) return `-${formatUsd(-usd)}`;
  if (usd >= 100) return `$${Math.round(usd).toLocaleString('en-US')}`;
  if (usd >= 0.1) return `$${usd.toFixed(2)}`;
  return `$${usd.toPrecision(3).replace(/\.?0+$/, '')}`;
}

/** A run count as people read it: `100,000`, `1.2M`, `25k` (compact for chart axes). */
export function formatRuns(n: number, compact = false): string {
  if (!compact) return Math.round(n).toLocaleString('en-US');
  if (n >= 1e6) return `${Math.round(n / 1e5) / 10}M`;
  if (n >= 1e3) return `${Math.round(n / 100) / 10}k`;
  return String(Math.round(n));
}
