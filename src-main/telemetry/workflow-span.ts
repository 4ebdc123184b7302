/**
 * The workflow span: the root of a run's trace, `invoke_workflow {spec name}`, from the run's
 * recorded creation to its end, with the run's status, spec id and hash, and total cost. It
 * is built when the run finishes — by whichever process finishes it — from the run's record,
 * so it is the same whether the run took one process or five.
 */
import type { EngineEvent } from '../../shared/events';
import type { ContentPolicy } from './content';
import { GEN_AI, GEN_AI_OPERATION, OPENINFERENCE, OPENINFERENCE_KIND, SPAN_NAME, WAYMARK } from './conventions';
import { spanIdOf, traceIdOf } from './ids';
import type { RunInfo } from './run-info';
import { type Attributes, type SpanRecord, msOf, put } from './span-record';

type RunFinished = Extract<EngineEvent, { type: 'run.finished' }>;

export function workflowSpan(info: RunInfo, e: RunFinished, content: ContentPolicy): SpanRecord {
  const a: Attributes = {
    [GEN_AI.operationName]: GEN_AI_OPERATION.invokeWorkflow,
    [GEN_AI.workflowName]: info.specName,
    [OPENINFERENCE.spanKind]: OPENINFERENCE_KIND.chain,
    [WAYMARK.runId]: info.runId,
    [WAYMARK.runStatus]: e.status,
    [WAYMARK.runSimulate]: info.simulate,
    [WAYMARK.runTrigger]: info.trigger,
    [WAYMARK.specId]: info.specId,
    [WAYMARK.specName]: info.specName,
    [WAYMARK.specHash]: info.specHash,
    [WAYMARK.costUsd]: e.usage.costUsd,
    [WAYMARK.inputTokens]: e.usage.inputTokens,
    [WAYMARK.outputTokens]: e.usage.outputTokens,
    [WAYMARK.llmCalls]: e.usage.llmCalls,
    [GEN_AI.usageInputTokens]: e.usage.inputTokens,
    [GEN_AI.usageOutputTokens]: e.usage.outputTokens,
  };
  put(a, WAYMARK.runParentId, info.parentRunId);
  put(a, WAYMARK.runForkedFromStep, info.forkedFromStep);
  if (e.error) {
    a['error.type'] = e.error.code;
    a[WAYMARK.errorCode] = e.error.code;
  }
  if (content.capture) {
    a[WAYMARK.runInput] = content.json(info.input);
    a[OPENINFERENCE.inputValue] = a[WAYMARK.runInput] as string;
    if (e.output !== undefined) {
      a[WAYMARK.runOutput] = content.json(e.output);
      a[OPENINFERENCE.outputValue] = a[WAYMARK.runOutput] as string;
    }
  }
  const end = msOf(e.at);
  return {
    traceId: info.traceId,
    spanId: info.rootSpanId,
    name: SPAN_NAME.workflow(info.specName),
    kind: 'internal',
    startMs: Math.min(info.createdAt, end),
    endMs: end,
    attributes: a,
    events: [],
    // A fork is a run of its own (its own trace); the link leads back to the run it came from.
    links: info.parentRunId
      ? [
          {
            traceId: traceIdOf(info.parentRunId),
            spanId: spanIdOf(info.parentRunId, 'run'),
            attributes: { [WAYMARK.runForkedFromStep]: info.forkedFromStep ?? -1 },
          },
        ]
      : [],
    status:
      e.status === 'failed'
        ? { code: 'error', message: e.error?.message ?? 'the run failed' }
        : e.status === 'completed'
          ? { code: 'ok' }
          : { code: 'unset' },
  };
}
