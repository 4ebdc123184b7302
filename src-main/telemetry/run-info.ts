/**
 * What the span builders need to know about a run, taken once from its checkpointed record:
 * ids, the spec's step names and connectors, the spec hash, when it was created.
 */
import { createHash } from 'node:crypto';
import type { Connector } from '../../shared/spec/schema';
import type { RunRecord } from '../engine/store';
import { spanIdOf, traceIdOf } from './ids';

export interface StepInfo {
  name: string;
  type: string;
  zone?: string;
}

export interface RunInfo {
  runId: string;
  traceId: string;
  /** The workflow span's id: every step span's parent. */
  rootSpanId: string;
  specId: string;
  specName: string;
  /** sha256 of the spec snapshot's JSON: the same value the store keeps as the run's `spec_hash`. */
  specHash: string;
  createdAt: number;
  trigger: string;
  simulate: boolean;
  input: unknown;
  parentRunId?: string;
  forkedFromStep?: number;
  steps: ReadonlyMap<string, StepInfo>;
  connectors: Readonly<Record<string, Connector>>;
}

/** The run's telemetry view of its record. */
export function runInfoOf(run: RunRecord): RunInfo {
  const steps = new Map<string, StepInfo>();
  for (const n of run.spec.nodes) steps.set(n.id, { name: n.name, type: n.type, ...(n.zone ? { zone: n.zone } : {}) });
  return {
    runId: run.id,
    traceId: traceIdOf(run.id),
    rootSpanId: spanIdOf(run.id, 'run'),
    specId: run.specId,
    specName: run.specName,
    specHash: createHash('sha256').update(JSON.stringify(run.spec)).digest('hex'),
    createdAt: run.createdAt,
    trigger: run.trigger,
    simulate: run.simulate,
    input: run.input,
    ...(run.parentRunId ? { parentRunId: run.parentRunId } : {}),
    ...(run.forkedFromStep !== undefined ? { forkedFromStep: run.forkedFromStep } : {}),
    steps,
    connectors: run.spec.connectors ?? {},
  };
}

/** A step's display name: the spec's name for the node, else its id. */
export function stepInfo(info: RunInfo, nodeId: string, nodeType?: string): StepInfo {
  return info.steps.get(nodeId) ?? { name: nodeId, type: nodeType ?? 'step' };
}
