/**
 * Decision rules: an ordered list of "when <JSONata> → branch". The first rule that holds
 * picks the branch; the branch names become the node's output ports on the canvas.
 */
import { useRef } from 'react';
import type { PortRename } from '../../model/orphans';
import { Button } from '../../ui/Button';
import { ExpressionField } from './code-fields';

export interface Rule {
  when: string;
  branch: string;
  label?: string;
}

function asRules(v: unknown): Rule[] {
  if (!Array.isArray(v)) return [];
  return v.map((r: unknown) => {
    const o = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
    return {
      when: typeof o.when === 'string' ? o.when : '',
      branch: typeof o.branch === 'string' ? o.branch : '',
      ...(typeof o.label === 'string' ? { label: o.label } : {}),
    };
  });
}

export function RulesEditor({
  id,
  nodeId,
  value,
  onChange,
}: {
  id: string;
  nodeId: string;
  value: unknown;
  /** `rename`: a rule's branch renamed, so its edges follow (the name they sit on, even through an empty field). */
  onChange(v: Rule[], rename?: PortRename): void;
}) {
  const rules = asRules(value);
  const set = (i: number, patch: Partial<Rule>, rename?: PortRename) =>
    onChange(
      rules.map((r, j) => {
        if (j !== i) return r;
        const next = { ...r, ...patch };
        if (!next.label) delete next.label;
        return next;
      }),
      rename,
    );
  // Per rule being typed in: the last non-empty branch name, which its edges still sit on.
  const carried = useRef(new Map<number, string>());
  const renameBranch = (i: number, branch: string) => {
    const prev = rules[i]?.branch ?? '';
    if (prev) carried.current.set(i, prev);
    const from = prev || carried.current.get(i);
    set(i, { branch }, from && branch ? { from: `branch:${from}`, to: `branch:${branch}` } : undefined);
  };
  const move = (i: number, d: -1 | 1) => {
    const next = [...rules];
    const [r] = next.splice(i, 1);
    if (r) next.splice(i + d, 0, r);
    onChange(next);
  };
  return (
    <ol className="wm-rules" id={id}>
      {rules.map((r, i) => (
        <li className="wm-rule" key={i}>
          <div className="wm-rule__head">
            <span className="wm-rule__num">Rule {i + 1}</span>
            <span className="wm-rule__actions">
              <Button
                icon="arrowUp"
                label={`Move rule ${i + 1} up`}
                iconOnly
                size="sm"
                disabled={i === 0}
                onClick={() => move(i, -1)}
              />
              <Button
                icon="arrowDown"
                label={`Move rule ${i + 1} down`}
                iconOnly
                size="sm"
                disabled={i === rules.length - 1}
                onClick={() => move(i, 1)}
              />
              <Button
                icon="trash"
                label={`Remove rule ${i + 1}`}
                iconOnly
                size="sm"
                onClick={() => onChange(rules.filter((_, j) => j !== i))}
              />
            </span>
          </div>
          <span className="wm-rule__label">When</span>
          <ExpressionField
            path={`inmemory://waymark/${nodeId}/rules/${i}.jsonata`}
            label={`Rule ${i + 1} condition`}
            kind="expression"
            value={r.when}
            onChange={(v) => set(i, { when: v ?? '' })}
            nodeId={nodeId}
            required
          />
          <div className="wm-rule__row">
            <label className="wm-rule__label" htmlFor={`${id}-${i}-branch`}>
              Branch
            </label>
            <input
              id={`${id}-${i}-branch`}
              className="wm-input wm-input--mono"
              value={r.branch}
              onFocus={() => carried.current.delete(i)}
              onChange={(e) => renameBranch(i, e.target.value)}
            />
          </div>
          <div className="wm-rule__row">
            <label className="wm-rule__label" htmlFor={`${id}-${i}-label`}>
              Why
            </label>
            <input
              id={`${id}-${i}-label`}
              className="wm-input"
              value={r.label ?? ''}
              placeholder="recorded in the rationale"
              onChange={(e) => set(i, { label: e.target.value })}
            />
          </div>
        </li>
      ))}
      <li>
        <Button
          icon="plus"
          label="Add rule"
          size="sm"
          variant="secondary"
          onClick={() => onChange([...rules, { when: 'true', branch: `branch${rules.length + 1}` }])}
        />
      </li>
    </ol>
  );
}
