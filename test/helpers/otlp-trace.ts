// Checks shared by the telemetry tests: the shape every exported run's trace has.
import { expect } from 'vitest';
import { spanIdOf, traceIdOf } from '../../src-main/telemetry';
import type { ReceivedSpan } from '../fakes/otlp-receiver';

/** The spans of one run's trace. */
export const ofRun = (runId: string) => (spans: ReceivedSpan[]) => spans.filter((s) => s.traceId === traceIdOf(runId));

/** The structural checks every exported run passes. */
export function checkTrace(
  spans: ReceivedSpan[],
  runId: string,
  specName: string,
  service = 'waymark-test',
): ReceivedSpan {
  expect(spans.length).toBeGreaterThan(1);
  const ids = spans.map((s) => s.spanId);
  expect(new Set(ids).size, 'each span exported once').toBe(ids.length);
  const roots = spans.filter((s) => !s.parentSpanId);
  expect(roots.map((s) => s.name)).toEqual([`invoke_workflow ${specName}`]);
  const root = roots[0] as ReceivedSpan;
  expect(root.spanId).toBe(spanIdOf(runId, 'run'));
  expect(root.attributes).toMatchObject({
    'gen_ai.operation.name': 'invoke_workflow',
    'waymark.run.id': runId,
    'waymark.spec.name': specName,
    'waymark.spec.hash': expect.stringMatching(/^[0-9a-f]{64}$/),
    'waymark.cost.usd': expect.any(Number),
  });
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  for (const s of spans) {
    if (s === root) continue;
    const parent = byId.get(s.parentSpanId as string);
    expect(parent, `parent of ${s.name}`).toBeDefined();
    // Steps hang under the workflow; calls and approvals under their step.
    if (/^(chat|execute_tool|await_approval) /.test(s.name))
      expect(parent?.attributes['waymark.step.index']).toBeDefined();
    else expect(parent).toBe(root);
    expect(s.startMs).toBeGreaterThanOrEqual(root.startMs);
    expect(s.endMs).toBeLessThanOrEqual(root.endMs);
    expect(s.endMs).toBeGreaterThanOrEqual(s.startMs);
  }
  expect(root.resource).toMatchObject({ 'service.name': service, 'service.version': expect.any(String) });
  expect(root.scope.name).toBe('waymark');
  return root;
}
