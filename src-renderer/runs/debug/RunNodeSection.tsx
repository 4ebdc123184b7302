/**
 * The inspector's Debug section for a step: breakpoints (pause before / after) and "Run
 * this node" on its own, with a scope (input, upstream node outputs, prev) prefilled from
 * the current run or the remembered input and editable by hand. Nothing is recorded.
 */
import { useEffect, useRef, useState } from 'react';
import { stringifySpec } from '../../../shared/spec/canonical';
import type { ApiResult } from '../../../shared/api';
import { Section } from '../../inspector/Section';
import { LazyCode } from '../../monaco/LazyCode';
import { useDoc } from '../../store/doc-store';
import { Button } from '../../ui/Button';
import { recalledInput } from '../running/input-memory';
import { orToast } from '../store/call';
import { setBreakpoint } from '../store/run-actions';
import { useRuns } from '../store/runs-store';
import { JsonView, stringify } from '../ui/JsonView';
import { parseJson } from './EditOutput';
import { api } from '../../bridge';
import { takeRunNodeRequest, useRunNodeRequest } from './run-node-request';

async function defaultScope(): Promise<string> {
  const { spec } = useDoc.getState();
  const run = useRuns.getState().current;
  if (run && !useRuns.getState().viewing) {
    const r = await orToast(
      api.runs.watch({ runId: run.runId, expressions: ['input', 'nodes', 'prev'] }),
      'Could not read the run state',
    );
    if (r && r.every((x) => !x.error))
      return stringify({ input: r[0]?.value ?? {}, nodes: r[1]?.value ?? {}, prev: r[2]?.value ?? null });
  }
  return stringify({ input: recalledInput(spec.id, spec.input), nodes: {}, prev: null });
}

export function RunNodeSection({ nodeId }: { nodeId: string }) {
  const bp = useRuns((s) => s.breakpoints[nodeId]);
  const pinned = useDoc((s) => s.spec.nodes.find((n) => n.id === nodeId)?.pinned !== undefined);
  const [scope, setScope] = useState<string | null>(null);
  const [simulate, setSimulate] = useState(true);
  const [result, setResult] = useState<ApiResult<'runs.runNode'> | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = scope === null ? null : parseJson(scope);
  const run = async (text = scope) => {
    const given = text === null ? null : parseJson(text);
    if (!given?.ok) return;
    setBusy(true);
    const r = await orToast(
      api.runs.runNode({
        text: stringifySpec(useDoc.getState().spec),
        nodeId,
        scope: given.value as { input: unknown; nodes: Record<string, unknown>; prev: unknown },
        simulate,
      }),
      `Could not run ${nodeId}`,
    );
    setBusy(false);
    setResult(r ?? null);
  };
  // "Run this step" from the canvas: open, fill the default scope and run.
  const [requested, setRequested] = useState(false);
  const section = useRef<HTMLDivElement>(null);
  const requestSeq = useRunNodeRequest((s) => s.seq);
  useEffect(() => {
    if (!takeRunNodeRequest(nodeId)) return;
    setRequested(true);
    void defaultScope().then((text) => {
      setScope(text);
      section.current?.scrollIntoView({ block: 'nearest' });
      void run(text);
    });
  }, [nodeId, requestSeq]);
  return (
    <Section title="Debug" defaultOpen={requested}>
      <div ref={section} />
      <div className="wm-inline">
        <label className="wm-check">
          <input
            type="checkbox"
            checked={!!bp?.before}
            onChange={(e) => setBreakpoint(nodeId, 'before', e.target.checked)}
            data-testid="bp-before"
          />{' '}
          Pause before
        </label>
        <label className="wm-check">
          <input
            type="checkbox"
            checked={!!bp?.after}
            onChange={(e) => setBreakpoint(nodeId, 'after', e.target.checked)}
            data-testid="bp-after"
          />{' '}
          Pause after
        </label>
      </div>
      {scope === null ? (
        <Button
          size="sm"
          variant="secondary"
          label="Run this node…"
          onClick={() => void defaultScope().then(setScope)}
          data-testid="run-node-open"
        />
      ) : (
        <div className="wm-editbox">
          <span className="wm-field__label">Scope: input, nodes.&lt;id&gt; outputs, prev</span>
          <LazyCode
            value={scope}
            onChange={setScope}
            language="json"
            path={`inmemory://waymark/run-node-${nodeId}.json`}
            ariaLabel={`Scope for running ${nodeId}`}
            minLines={5}
            maxLines={14}
            lineNumbers
            testId="run-node-scope"
          />
          {parsed && !parsed.ok && <p className="wm-field__error">{parsed.error}</p>}
          <label className="wm-check">
            <input type="checkbox" checked={simulate} onChange={(e) => setSimulate(e.target.checked)} /> Use pinned
            output{pinned ? '' : ' (none pinned: the node runs its logic)'}
          </label>
          <Button
            size="sm"
            variant="primary"
            label={busy ? 'Running…' : 'Run node'}
            disabled={busy || !parsed?.ok}
            onClick={() => void run()}
            data-testid="run-node"
          />
          {result && (
            <div className="wm-noderesult" data-testid="run-node-result">
              <div className="wm-inline">
                <span
                  className={`wm-pill wm-pill--${result.status === 'done' ? 'completed' : result.status === 'failed' ? 'failed' : 'waiting'}`}
                >
                  {result.status === 'done'
                    ? `done → ${result.port ?? 'next'}`
                    : result.status === 'wait'
                      ? 'would wait for approval'
                      : 'failed'}
                </span>
                {result.simulated && <span className="wm-tag">pinned</span>}
              </div>
              {result.error && (
                <p className="wm-field__error">
                  {result.error.code}: {result.error.message}
                </p>
              )}
              {result.output !== undefined && <JsonView value={result.output} label="Node output" maxLines={12} />}
            </div>
          )}
        </div>
      )}
    </Section>
  );
}
