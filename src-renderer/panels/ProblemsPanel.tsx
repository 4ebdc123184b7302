/**
 * Every error and warning from the backend validator: what it is about (the step by its
 * name, an edge by the steps it joins), what is wrong and how to fix it; the JSON path is a
 * detail on the right. Clicking one (or Enter) selects the node, edge or zone it is about and
 * centres it; workflow-level problems open the workflow settings.
 *
 * The panel's height is the user's (drag its top edge, or arrow keys on it). It collapses
 * to its header when the last problem is fixed, and opens when a document is opened with
 * problems; new problems while collapsed show in the header's counts without moving the canvas.
 */
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Problem } from '../../shared/spec/problems';
import { LIMITS, setSize, useLayout } from '../app/layout';
import { ResizeHandle } from '../app/ResizeHandle';
import { ProblemActions } from './ProblemActions';
import { select, useDoc } from '../store/doc-store';
import { problemEdge, problemNode, problemZone, useProblems } from '../store/problems-store';
import { requestFocus, useUi } from '../store/ui-store';
import { Button } from '../ui/Button';
import { Icon } from '../ui/icons';

function focusProblem(p: Problem): void {
  const spec = useProblems.getState().validated ?? useDoc.getState().spec;
  useUi.setState({ rightPanel: 'inspector' });
  const node = problemNode(p, spec);
  const edge = problemEdge(p, spec);
  const zone = problemZone(p, spec);
  if (edge) requestFocus('edge', edge);
  else if (node) requestFocus('node', node);
  else if (zone) requestFocus('zone', zone);
  else select({ nodes: [], edges: [], zones: [] });
}

/** What a problem is about, as the row's heading: a step's name, or the kind and name. */
export function subjectLabel(p: Problem): string {
  switch (p.subjectKind) {
    case 'step':
    case 'edge':
      return p.subject ?? '';
    case 'zone':
      return `Zone “${p.subject ?? ''}”`;
    case 'connector':
      return `Connector “${p.subject ?? ''}”`;
    case 'secret':
      return `Secret “${p.subject ?? ''}”`;
    default:
      return 'Workflow';
  }
}

/** Collapses when the last problem goes away; opens once per opened document that has problems. */
function useAutoCollapse(count: number, current: boolean): void {
  const docSeq = useDoc((s) => s.docSeq);
  const prev = useRef(count);
  const openedFor = useRef<number | null>(null);
  useEffect(() => {
    if (!current) return;
    const was = prev.current;
    prev.current = count;
    if (openedFor.current !== docSeq) {
      openedFor.current = docSeq;
      useUi.setState({ problemsOpen: count > 0 });
    } else if (was > 0 && count === 0) useUi.setState({ problemsOpen: false });
  }, [count, current, docSeq]);
}

export function ProblemsPanel() {
  const { problems, status, validated } = useProblems(
    useShallow((s) => ({ problems: s.problems, status: s.status, validated: s.validated })),
  );
  const spec = useDoc((s) => s.spec);
  const open = useUi((s) => s.problemsOpen);
  const height = useLayout((s) => s.problemsHeight);
  useAutoCollapse(problems.length, status === 'ok' && validated === spec);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const toggle = () => useUi.setState({ problemsOpen: !open });
  return (
    <section
      className={`wm-problems${open ? '' : ' is-collapsed'}`}
      aria-label="Problems"
      id="wm-problems-panel"
      style={open ? { height } : undefined}
      data-testid="problems-panel"
    >
      {open && (
        <ResizeHandle
          label="Resize the problems panel"
          orientation="horizontal"
          value={height}
          {...LIMITS.problemsHeight}
          grow={-1}
          onResize={(v) => setSize('problemsHeight', v)}
          onToggle={toggle}
          controls="wm-problems-panel"
          testId="problems-resize"
        />
      )}
      <header className="wm-problems__head">
        <button
          type="button"
          className="wm-problems__toggle"
          aria-expanded={open}
          aria-controls="wm-problems-list"
          onClick={toggle}
        >
          <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
          <span className="wm-problems__title">Problems</span>
          <span
            className={`wm-count wm-count--error${errors ? '' : ' is-zero'}`}
            aria-hidden="true"
            data-testid="problems-errors"
          >
            <Icon name="error" size={13} /> {errors}
          </span>
          <span
            className={`wm-count wm-count--warning${warnings ? '' : ' is-zero'}`}
            aria-hidden="true"
            data-testid="problems-warnings"
          >
            <Icon name="warning" size={13} /> {warnings}
          </span>
          <span className="wm-sr-only">
            {errors} error{errors === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'}
          </span>
        </button>
        <span className="wm-problems__status" role="status">
          {status === 'validating'
            ? 'Checking…'
            : status === 'offline'
              ? 'Validator unreachable — retrying'
              : problems.length === 0 && status === 'ok'
                ? 'No problems: ready to run'
                : !open && problems.length
                  ? `${problemsSummary(errors, warnings)} — open the panel to see them`
                  : ''}
        </span>
        <Button
          icon={open ? 'chevronDown' : 'panelBottom'}
          label={open ? 'Hide problems' : 'Show problems'}
          iconOnly
          size="sm"
          onClick={toggle}
        />
      </header>
      {open && (
        <ul className="wm-problems__list" id="wm-problems-list" data-testid="problems-list">
          {problems.map((p, i) => (
            <li key={`${p.code}-${p.path}-${i}`}>
              <button
                type="button"
                className={`wm-problem is-${p.severity}`}
                onClick={() => focusProblem(p)}
                data-testid="problem"
              >
                <Icon name={p.severity === 'error' ? 'error' : 'warning'} size={14} className="wm-problem__icon" />
                <span className="wm-problem__msg">
                  <span className={`wm-problem__subject is-${p.subjectKind ?? 'workflow'}`}>{subjectLabel(p)}</span>
                  <span className="wm-sr-only">: </span>
                  {p.message}
                </span>
                {p.hint && <span className="wm-problem__hint">{p.hint}</span>}
                <code className="wm-problem__path" title={`Where in the spec: ${p.path}`}>
                  {p.path}
                </code>
                <span className="wm-sr-only">{p.severity}</span>
              </button>
              <ProblemActions problem={p} />
            </li>
          ))}
          {problems.length === 0 && (
            <li className="wm-problems__empty">
              {status === 'ok' ? 'The validator found nothing to fix.' : 'Waiting for the validator…'}
            </li>
          )}
        </ul>
      )}
    </section>
  );
}

function problemsSummary(errors: number, warnings: number): string {
  const parts = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  return parts.join(', ');
}
