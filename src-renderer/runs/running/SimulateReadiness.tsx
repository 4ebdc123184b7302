/**
 * Before a simulated run: the steps that would fail it for want of a pinned output, each
 * with "Pin from last run" (what it returned in this workflow's latest run that reached
 * it) or "Add pinned output" (seeded from what it declares it returns). One undoable edit
 * per click; the run can start once none is left.
 */
import { useMemo } from 'react';
import { setNodeFields } from '../../store/actions';
import { useDoc } from '../../store/doc-store';
import { Button } from '../../ui/Button';
import { Icon } from '../../ui/icons';
import { seedPinnedOutput, simulateGaps } from '../model/simulate-readiness';
import { useLastOutputs } from './useLastOutputs';

/** A port as a pinned output names it: `next`, `error`, or a branch name. */
const pinnedPort = (port: string | undefined) => (port && port !== 'next' ? port.replace(/^branch:/, '') : undefined);

export function SimulateReadiness() {
  const spec = useDoc((s) => s.spec);
  const gaps = useMemo(() => simulateGaps(spec), [spec]);
  const last = useLastOutputs(
    spec.id,
    gaps.map((g) => g.nodeId),
  );
  if (!gaps.length) return null;
  const pinFromLast = (nodeId: string) => {
    const l = last[nodeId];
    if (!l) return;
    const port = pinnedPort(l.port);
    setNodeFields(nodeId, { pinned: { output: l.output, ...(port ? { port } : {}) } }, 'pinned');
  };
  const addPinned = (nodeId: string) => {
    const node = spec.nodes.find((n) => n.id === nodeId);
    if (node) setNodeFields(nodeId, { pinned: { output: seedPinnedOutput(node) } }, 'pinned');
  };
  return (
    <div className="wm-simready" role="alert" data-testid="simulate-readiness">
      <p className="wm-simready__title">
        <Icon name="warning" size={15} />
        {gaps.length === 1
          ? 'One step has no pinned output, so a simulated run would fail there:'
          : `${gaps.length} steps have no pinned output, so a simulated run would fail there:`}
      </p>
      <ul className="wm-simready__list">
        {gaps.map((g) => (
          <li key={g.nodeId} className="wm-simready__row" data-testid={`pin-gap-${g.nodeId}`}>
            <span className="wm-simready__name">
              <strong>{g.name}</strong>{' '}
              <span className="wm-muted">({g.type === 'llm' ? 'calls a model' : 'calls an API'})</span>
            </span>
            <span className="wm-simready__actions">
              {last[g.nodeId] && (
                <Button
                  label="Pin from last run"
                  aria-label={`Pin ${g.name}'s output from run ${last[g.nodeId]?.runId}`}
                  size="sm"
                  variant="secondary"
                  onClick={() => pinFromLast(g.nodeId)}
                />
              )}
              <Button
                label="Add pinned output"
                aria-label={`Add a pinned output to ${g.name}`}
                size="sm"
                variant="secondary"
                onClick={() => addPinned(g.nodeId)}
              />
            </span>
          </li>
        ))}
      </ul>
      <p className="wm-field__help">
        Simulation never calls models or APIs; edit a pinned output in its step&apos;s inspector.
      </p>
    </div>
  );
}
