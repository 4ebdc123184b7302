/**
 * Every error and warning from the backend validator, with its JSON path and a hint.
 * Clicking one (or Enter) selects the node, edge or zone it is about and centres it;
 * workflow-level problems open the workflow settings.
 */
import { useShallow } from 'zustand/react/shallow';
import type { Problem } from '../../shared/spec/problems';
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

export function ProblemsPanel() {
  const { problems, status } = useProblems(useShallow((s) => ({ problems: s.problems, status: s.status })));
  const open = useUi((s) => s.problemsOpen);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return (
    <section className={`wm-problems${open ? '' : ' is-collapsed'}`} aria-label="Problems">
      <header className="wm-problems__head">
        <button
          type="button"
          className="wm-problems__toggle"
          aria-expanded={open}
          aria-controls="wm-problems-list"
          onClick={() => useUi.setState({ problemsOpen: !open })}
        >
          <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
          <span className="wm-problems__title">Problems</span>
          <span className={`wm-count wm-count--error${errors ? '' : ' is-zero'}`} data-testid="problems-errors">
            <Icon name="error" size={13} /> {errors}
          </span>
          <span className={`wm-count wm-count--warning${warnings ? '' : ' is-zero'}`} data-testid="problems-warnings">
            <Icon name="warning" size={13} /> {warnings}
          </span>
        </button>
        <span className="wm-problems__status" role="status">
          {status === 'validating'
            ? 'Checking…'
            : status === 'offline'
              ? 'Validator unreachable — retrying'
              : problems.length === 0 && status === 'ok'
                ? 'No problems: ready to run'
                : ''}
        </span>
        <Button
          icon={open ? 'chevronDown' : 'panelBottom'}
          label={open ? 'Hide problems' : 'Show problems'}
          iconOnly
          size="sm"
          onClick={() => useUi.setState({ problemsOpen: !open })}
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
                <span className="wm-problem__msg">{p.message}</span>
                {p.hint && <span className="wm-problem__hint">{p.hint}</span>}
                <code className="wm-problem__path">{p.path}</code>
                <span className="wm-sr-only">{p.severity}</span>
              </button>
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
