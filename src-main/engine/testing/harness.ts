/**
 * A small builder for engine tests: an engine over the in-memory store with fake ports,
 * plus helpers to read back events and steps.
 */
import type { EngineEvent } from '../../../shared/events';
import type { WorkflowSpecInput } from '../../../shared/spec/schema';
import { MemoryCheckpointStore } from '../memory-store';
import { builtinRegistry } from '../nodes';
import type { HttpPort, LlmPort, SecretsPort } from '../ports';
import type { NodeRegistry } from '../registry';
import { Engine } from '../engine';
import type { CheckpointStore } from '../store';
import { mapSecrets, noHttp, noLlm, RecordingClock, SeededRandom } from './fakes';

export interface Harness {
  engine: Engine;
  store: CheckpointStore;
  clock: RecordingClock;
  events: EngineEvent[];
  /**
   * A new engine over the same store (a restarted process): the engines made before it count
   * as gone, so their leases are stale and the new one takes their runs over.
   */
  restart(ports?: Partial<HarnessOptions>): Engine;
}

export interface HarnessOptions {
  http: HttpPort;
  llm: LlmPort;
  secrets: SecretsPort;
  store: CheckpointStore;
  registry: NodeRegistry;
}

export function harness(opts: Partial<HarnessOptions> = {}): Harness {
  const store = opts.store ?? new MemoryCheckpointStore();
  const clock = new RecordingClock();
  const events: EngineEvent[] = [];
  const owners: string[] = [];
  const make = (o: Partial<HarnessOptions>) => {
    const id = `own_test_${owners.length + 1}`;
    owners.push(id);
    // Every engine but the newest belongs to a process that "died" in a restart.
    const ownerGone = (owner: { id: string }) => owner.id !== owners.at(-1) && owners.includes(owner.id);
    return new Engine({
      store,
      registry: o.registry ?? opts.registry ?? builtinRegistry(),
      http: o.http ?? opts.http ?? noHttp,
      llm: o.llm ?? opts.llm ?? noLlm,
      secrets: o.secrets ?? opts.secrets ?? mapSecrets({}),
      clock,
      random: new SeededRandom(),
      onEvent: (e) => events.push(e),
      lease: { owner: { id, label: `test engine ${owners.length}` }, ownerGone },
    });
  };
  return { engine: make({}), store, clock, events, restart: (o = {}) => make(o) };
}

/** A minimal valid spec around the given nodes/edges (start → … → end wiring is the caller's). */
export function spec(
  parts: Partial<WorkflowSpecInput> & Pick<WorkflowSpecInput, 'nodes' | 'edges'>,
): WorkflowSpecInput {
  return { specVersion: 1, id: 'test', name: 'Test', ...parts };
}

/** Builds edges from a compact "a>b, b-error>c, d-branch:yes>e" description. */
export function edges(desc: string): Array<{
  id: string;
  source: string;
  target: string;
  kind: 'next' | 'error' | 'branch';
  branch?: string;
  maxTraversals?: number;
}> {
  return desc
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s, i) => {
      const m = /^(\w+)(?:-(error|branch:(\w+)))?>(\w+)(?:\s*\*(\d+))?$/.exec(s);
      if (!m) throw new Error(`bad edge description "${s}"`);
      const kind = m[2] === 'error' ? 'error' : m[3] ? 'branch' : 'next';
      return {
        id: `e${i + 1}`,
        source: m[1] as string,
        target: m[4] as string,
        kind,
        ...(m[3] ? { branch: m[3] } : {}),
        ...(m[5] ? { maxTraversals: Number(m[5]) } : {}),
      };
    });
}
