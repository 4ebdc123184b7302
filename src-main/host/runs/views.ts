/**
 * Checkpoint records → API views (shared/runs.ts). The assignments below are type-checked
 * against the engine's records, so a field added on one side and not the other fails to
 * compile here rather than silently vanishing on the wire.
 */
import type { EngineEvent } from '../../../shared/events';
import type {
  ApprovalInfo,
  ApprovalView,
  DecisionRationale,
  RunDetail,
  RunSummary,
  StepView,
  UpstreamStep,
} from '../../../shared/runs';
import { handledFailures } from '../../../shared/run-outcome';
import type { WorkflowSpec } from '../../../shared/spec/schema';
import type { ApprovalRecord, CheckpointStore, RunRecord, StepRecord } from '../../engine/store';

/** Events read per query while looking for the decisions before a gate. */
const EVENT_SCAN_PAGE = 1000;

/** A run's row in the list. Never touches `run.spec` (the store parses it lazily). */
export function toRunSummary(run: RunRecord, interrupted: boolean, handledErrors = 0, drivenBy?: string): RunSummary {
  return {
    id: run.id,
    specId: run.specId,
    specName: run.specName,
    status: run.status,
    simulate: run.simulate,
    trigger: run.trigger,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    ...(run.endedAt !== undefined ? { endedAt: run.endedAt, durationMs: run.endedAt - run.createdAt } : {}),
    stepCount: run.stepCount,
    usage: run.usage,
    ...(run.parentRunId !== undefined ? { parentRunId: run.parentRunId } : {}),
    ...(run.forkedFromStep !== undefined ? { forkedFromStep: run.forkedFromStep } : {}),
    interrupted,
    ...(handledErrors > 0 ? { handledErrors } : {}),
    ...(drivenBy ? { drivenBy } : {}),
  };
}

/** A step as the API shows it (the same fields; the annotation is the compile-time check). */
export function toStepView(step: StepRecord): StepView {
  const view: StepView = step;
  return view;
}

/** An approval as the API shows it. */
export function toApprovalInfo(a: ApprovalRecord): ApprovalInfo {
  const view: ApprovalInfo = a;
  return view;
}

/** Everything about one run. */
export function toRunDetail(
  run: RunRecord,
  interrupted: boolean,
  steps: StepRecord[],
  approvals: ApprovalRecord[],
  drivenBy?: string,
): RunDetail {
  return {
    run: toRunSummary(run, interrupted, handledFailures(steps), drivenBy),
    spec: run.spec,
    input: run.input,
    ...(run.output !== undefined ? { output: run.output } : {}),
    ...(run.error !== undefined ? { error: run.error } : {}),
    steps: steps.map(toStepView),
    approvals: approvals.map(toApprovalInfo),
  };
}

function nodeNames(spec: WorkflowSpec): Map<string, string> {
  return new Map(spec.nodes.map((n) => [n.id, n.name || n.id]));
}

/** The steps that ran before the gate, with their outputs: what the approver is shown as "why". */
function upstreamOf(steps: StepRecord[], gateIdx: number, names: Map<string, string>): UpstreamStep[] {
  return steps
    .filter((s) => s.idx < gateIdx)
    .map((s) => ({
      stepIdx: s.idx,
      nodeId: s.nodeId,
      nodeName: names.get(s.nodeId) ?? s.nodeId,
      nodeType: s.nodeType,
      status: s.status,
      ...(s.port !== undefined ? { port: s.port } : {}),
      ...(s.output !== undefined ? { output: s.output } : {}),
      ...(s.error !== undefined ? { error: s.error } : {}),
    }));
}

/**
 * The `decision.taken` events before the gate. Pages through the trace and stops at the
 * first event of the gate's step, so a long run after an old gate is not read in full.
 */
function decisionsBefore(
  store: CheckpointStore,
  runId: string,
  gateIdx: number,
  names: Map<string, string>,
): DecisionRationale[] {
  const out: DecisionRationale[] = [];
  let after = -1;
  for (;;) {
    const page: EngineEvent[] = store.getEvents(runId, after, EVENT_SCAN_PAGE);
    for (const e of page) {
      if ('stepIdx' in e && e.stepIdx >= gateIdx) return out;
      if (e.type === 'decision.taken') {
        out.push({
          stepIdx: e.stepIdx,
          nodeId: e.nodeId,
          nodeName: names.get(e.nodeId) ?? e.nodeId,
          branch: e.branch,
          rationale: e.rationale,
          ...(e.rule !== undefined ? { rule: e.rule } : {}),
          ...(e.label !== undefined ? { label: e.label } : {}),
        });
      }
    }
    const last = page.at(-1);
    if (!last || page.length < EVENT_SCAN_PAGE) return out;
    after = last.seq;
  }
}

/** Builds inbox entries; reads each run's record, steps and pre-gate events once per call. */
export function toApprovalViews(store: CheckpointStore, approvals: ApprovalRecord[]): ApprovalView[] {
  const runs = new Map<string, { run: RunRecord; steps: StepRecord[]; names: Map<string, string> } | undefined>();
  const views: ApprovalView[] = [];
  for (const a of approvals) {
    if (!runs.has(a.runId)) {
      const run = store.getRun(a.runId);
      runs.set(a.runId, run ? { run, steps: store.getSteps(a.runId), names: nodeNames(run.spec) } : undefined);
    }
    const ctx = runs.get(a.runId);
    if (!ctx) continue; // an approval whose run is gone: nothing to decide any more
    views.push({
      approval: toApprovalInfo(a),
      runId: a.runId,
      runStatus: ctx.run.status,
      specId: ctx.run.specId,
      specName: ctx.run.specName,
      nodeName: ctx.names.get(a.nodeId) ?? a.nodeId,
      simulate: ctx.run.simulate,
      upstream: upstreamOf(ctx.steps, a.stepIdx, ctx.names),
      decisions: decisionsBefore(store, a.runId, a.stepIdx, ctx.names),
      cost: ctx.run.usage,
    });
  }
  return views;
}
