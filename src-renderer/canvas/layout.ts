/**
 * Auto-layout off the main thread: ELK runs in its own Web Worker (elkjs' worker build,
 * bundled by Vite's `?worker` import, so it works the same in the dev server and the
 * production build). The graph is built and read back here (layout-graph.ts, pure); the
 * worker only computes. While a layout runs, `useLayoutProgress` says so (the canvas shows a
 * progress bar), and the routes ELK drew are kept for the edges (edge-routes.ts).
 */
import type { ELK as ElkInstance, ELKConstructorArguments } from 'elkjs/lib/elk-api.js';
import { create } from 'zustand';
import type { WorkflowSpec } from '../../shared/spec/schema';
import { buildElkGraph, readElkLayout, type LayoutResult, type StepGeometry } from './layout-graph';

export type { LayoutResult } from './layout-graph';

interface LayoutProgress {
  /** Steps being laid out right now (0: idle). */
  steps: number;
  startedAt: number;
}
export const useLayoutProgress = create<LayoutProgress>(() => ({ steps: 0, startedAt: 0 }));

let elk: Promise<ElkInstance> | undefined;

async function makeElk(): Promise<ElkInstance> {
  const [api, worker] = await Promise.all([
    import('elkjs/lib/elk-api.js'),
    import('elkjs/lib/elk-worker.min.js?worker'),
  ]);
  // elk-api is CommonJS; depending on the bundler's interop the class is the default
  // export or its `default` (the production build once failed with "ELK is not a constructor").
  type Ctor = new (args?: ELKConstructorArguments) => ElkInstance;
  const mod = api as unknown as { default: Ctor & { default?: Ctor } };
  const ELK = mod.default.default ?? mod.default;
  const Worker = worker.default;
  return new ELK({ workerFactory: () => new Worker() });
}

/** Lays the spec out in the worker. `geometryOf` gives each step's size and handle anchors. */
export async function layoutSpec(
  spec: WorkflowSpec,
  geometryOf: (id: string) => StepGeometry | undefined,
): Promise<LayoutResult> {
  const graph = buildElkGraph(spec, geometryOf);
  useLayoutProgress.setState({ steps: spec.nodes.length, startedAt: performance.now() });
  try {
    elk ??= makeElk();
    const instance = await elk.catch((e: unknown) => {
      elk = undefined;
      throw e;
    });
    return readElkLayout(await instance.layout(graph));
  } finally {
    useLayoutProgress.setState({ steps: 0, startedAt: 0 });
  }
}
