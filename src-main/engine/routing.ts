/**
 * Routing: which node a finished step leads to. A completed step follows the edge of the
 * port it left by; a failed step follows its error edge when it has one (the error is
 * then handled). Either way an edge with `maxTraversals` is taken at most that often per
 * run — the loop bound that keeps a cycle from running forever. Counts live in the run's
 * position (state.ts), rebuilt from the step log on resume, so a bound holds across crashes.
 */
import type { ErrorInfo } from '../../shared/events';
import type { CompiledGraph, RunPosition } from './state';

/** Where a completed step goes: the next node, or why the run cannot go on. */
export type Route = { next: string; error?: undefined } | { next?: undefined; error: ErrorInfo };

/** Counts one traversal of an edge; false (and no count) when its bound is reached. */
export function takeEdge(pos: RunPosition, edgeId: string, bound: number | undefined): boolean {
  const n = pos.edgeCounts.get(edgeId) ?? 0;
  if (bound !== undefined && n >= bound) return false;
  pos.edgeCounts.set(edgeId, n + 1);
  return true;
}

/** The node a completed step leads to by `port`, or the error that ends the run there. */
export function routeCompleted(graph: CompiledGraph, pos: RunPosition, nodeId: string, port: string): Route {
  const edge = graph.edge(nodeId, port);
  if (!edge) {
    return {
      error: {
        code: 'graph.open-port',
        retryable: false,
        message: `"${nodeId}" left by ${port.replace('branch:', 'branch ')}, which has no edge`,
      },
    };
  }
  if (!takeEdge(pos, edge.id, edge.maxTraversals)) {
    return {
      error: {
        code: 'loop.bound',
        retryable: false,
        message: `edge "${edge.id}" was taken ${edge.maxTraversals} times, its maxTraversals bound`,
      },
    };
  }
  return { next: edge.target };
}

/** The node a failed step's error edge leads to; undefined when the failure is unhandled. */
export function routeFailed(graph: CompiledGraph, pos: RunPosition, nodeId: string): string | undefined {
  const edge = graph.edge(nodeId, 'error');
  return edge && takeEdge(pos, edge.id, edge.maxTraversals) ? edge.target : undefined;
}
