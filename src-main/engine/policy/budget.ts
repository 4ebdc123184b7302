/**
 * Zone budgets per run: what each zone has spent so far (cost, tokens, LLM calls, steps)
 * and whether one more call may proceed.
 *
 * Why it is rebuilt from the step log: after a crash or a restart the spend must be the
 * same as if the run had never stopped, so it is a fold of the steps' recorded usage per
 * zone, like the rest of the run's position (state.ts). Calls made in the current step
 * are added as they happen, so a limit is caught before the step records its usage.
 */
import type { BudgetLimit, Usage } from '../../../shared/events';
import type { Budget, LlmConnector, WorkflowSpec } from '../../../shared/spec/schema';
import type { LlmRequest } from '../ports';
import type { StepRecord } from '../store';

/** What one call adds to a zone's spend. */
export interface CallCost {
  costUsd: number;
  tokens: number;
  llmCalls: number;
}

/** A limit that was (or would be) passed. */
export interface BudgetBreach {
  zone: string;
  limit: BudgetLimit;
  value: number;
  max: number;
}

interface Spend {
  costUsd: number;
  tokens: number;
  llmCalls: number;
  steps: Set<number>;
}

/** Output tokens assumed for a call without `maxTokens`: a typical reply cap. */
export const DEFAULT_ESTIMATED_OUTPUT_TOKENS = 1024;

/** A price from per-million-token prices, rounded like `costOf` (nodes/llm.ts). */
function price(connector: LlmConnector, inputTokens: number, outputTokens: number): number {
  const p = connector.pricing;
  if (!p) return 0;
  return Math.round(((inputTokens * p.inputPerMTok + outputTokens * p.outputPerMTok) / 1e6) * 1e9) / 1e9;
}

/**
 * The estimate checked before a model call: input ≈ characters / 4 tokens, output = the
 * request's `maxTokens` (or {@link DEFAULT_ESTIMATED_OUTPUT_TOKENS}) — the most the call
 * can cost, so a call that could pass the budget does not start.
 */
export function estimateLlmCall(req: LlmRequest): CallCost {
  const inputTokens = Math.ceil(req.messages.reduce((n, m) => n + m.content.length, 0) / 4);
  const outputTokens = req.maxTokens ?? DEFAULT_ESTIMATED_OUTPUT_TOKENS;
  return { costUsd: price(req.connector, inputTokens, outputTokens), tokens: inputTokens + outputTokens, llmCalls: 1 };
}

/** What a finished model call actually cost, from the provider's usage. */
export function actualLlmCall(connector: LlmConnector, usage: { inputTokens: number; outputTokens: number }): CallCost {
  return {
    costUsd: price(connector, usage.inputTokens, usage.outputTokens),
    tokens: usage.inputTokens + usage.outputTokens,
    llmCalls: 1,
  };
}

export const NO_COST: CallCost = Object.freeze({ costUsd: 0, tokens: 0, llmCalls: 0 });

/** Spend per zone for one run; see the module comment. */
export class BudgetLedger {
  private readonly spend = new Map<string, Spend>();
  private readonly zoneOfNode = new Map<string, string>();
  private readonly budgets = new Map<string, Budget>();

  constructor(
    spec: WorkflowSpec,
    steps: readonly StepRecord[],
    private readonly startedAt: number,
  ) {
    for (const z of spec.zones) if (z.policy.budget) this.budgets.set(z.id, z.policy.budget);
    if (!this.budgets.size) return;
    for (const n of spec.nodes) if (n.zone !== undefined && this.budgets.has(n.zone)) this.zoneOfNode.set(n.id, n.zone);
    for (const s of steps) {
      const zone = this.zoneOfNode.get(s.nodeId);
      if (zone === undefined) continue;
      const e = this.entry(zone);
      e.steps.add(s.idx);
      this.addUsage(e, s.usage);
    }
  }

  /** The budgeted zone of a node, if it is in one. */
  zoneOf(nodeId: string): { zone: string; budget: Budget } | undefined {
    const zone = this.zoneOfNode.get(nodeId);
    const budget = zone === undefined ? undefined : this.budgets.get(zone);
    return zone === undefined || !budget ? undefined : { zone, budget };
  }

  /** Counts step `idx` of `nodeId` (once, however often it is re-entered after a restart). */
  enterStep(nodeId: string, idx: number): void {
    const zone = this.zoneOfNode.get(nodeId);
    if (zone !== undefined) this.entry(zone).steps.add(idx);
  }

  /** Adds a finished call's actual cost to the node's zone. */
  add(nodeId: string, cost: CallCost): void {
    const zone = this.zoneOfNode.get(nodeId);
    if (zone === undefined) return;
    const e = this.entry(zone);
    e.costUsd = Math.round((e.costUsd + cost.costUsd) * 1e9) / 1e9;
    e.tokens += cost.tokens;
    e.llmCalls += cost.llmCalls;
  }

  /** The first limit of the node's zone that spend plus `extra` passes at `now`, if any. */
  check(nodeId: string, extra: CallCost, now: number): BudgetBreach | undefined {
    const z = this.zoneOf(nodeId);
    if (!z) return undefined;
    const e = this.entry(z.zone);
    const values: Record<BudgetLimit, number> = {
      maxCostUsd: Math.round((e.costUsd + extra.costUsd) * 1e9) / 1e9,
      maxTokens: e.tokens + extra.tokens,
      maxLlmCalls: e.llmCalls + extra.llmCalls,
      maxSteps: e.steps.size,
      maxWallTimeMs: now - this.startedAt,
    };
    for (const limit of Object.keys(values) as BudgetLimit[]) {
      const max = z.budget[limit];
      if (max !== undefined && values[limit] > max) return { zone: z.zone, limit, value: values[limit], max };
    }
    return undefined;
  }

  private addUsage(e: Spend, u: Usage): void {
    e.costUsd = Math.round((e.costUsd + u.costUsd) * 1e9) / 1e9;
    e.tokens += u.inputTokens + u.outputTokens;
    e.llmCalls += u.llmCalls;
  }

  private entry(zone: string): Spend {
    let e = this.spend.get(zone);
    if (!e) this.spend.set(zone, (e = { costUsd: 0, tokens: 0, llmCalls: 0, steps: new Set() }));
    return e;
  }
}
