/**
 * The inspector for one node: identity (name, id), the parameters generated from its type's
 * descriptors, execution settings, pinned output and notes. Every edit is a store action,
 * so all of it is undoable.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useNodeCatalog } from '../catalog/catalog';
import type { Problem } from '../../shared/spec/problems';
import type { SpecNode } from '../../shared/spec/schema';
import { deleteElements, renameNodeId, setNodeFields } from '../store/actions';
import { Button } from '../ui/Button';
import { useDoc } from '../store/doc-store';
import { problemNode, useProblems } from '../store/problems-store';
import { Icon } from '../ui/icons';
import { ExecutionSection } from './ExecutionSection';
import { IdField } from './IdField';
import { Field } from './fields/Field';
import { TextArea, TextInput } from './fields/inputs';
import { ParamField } from './ParamField';
import { PinnedSection } from './PinnedSection';
import { RunNodeSection } from '../runs/debug/RunNodeSection';
import { Section } from './Section';

/** Problems of this node keyed by config field (for inline errors), plus the rest. */
function useNodeProblems(nodeId: string): { byKey: Map<string, string>; general: Problem[] } {
  const { problems, validated } = useProblems(useShallow((s) => ({ problems: s.problems, validated: s.validated })));
  return useMemo(() => {
    const byKey = new Map<string, string>();
    const general: Problem[] = [];
    if (!validated) return { byKey, general };
    for (const p of problems) {
      if (problemNode(p, validated) !== nodeId) continue;
      const key = /^\$\.nodes\[\d+\]\.config\.([A-Za-z0-9_]+)/.exec(p.path)?.[1];
      if (key && !byKey.has(key)) byKey.set(key, p.message);
      else general.push(p);
    }
    return { byKey, general };
  }, [problems, validated, nodeId]);
}

export function NodeInspector({ node }: { node: SpecNode }) {
  const desc = useNodeCatalog().get(node.type);
  const connectors = useDoc((s) => s.spec.connectors);
  const { byKey, general } = useNodeProblems(node.id);
  return (
    <div className="wm-inspector__content" data-testid="node-inspector">
      <header className={`wm-inspector__head wm-cat-${desc?.category ?? 'unknown'}`}>
        <span className="wm-inspector__icon" aria-hidden="true">
          {desc?.icon ?? '?'}
        </span>
        <div>
          <h2 className="wm-inspector__title">{node.name}</h2>
          <p className="wm-inspector__sub">{desc ? desc.description : `Unknown node type "${node.type}"`}</p>
        </div>
        <Button
          icon="trash"
          label="Delete step"
          variant="danger"
          size="sm"
          className="wm-inspector__delete"
          onClick={() => deleteElements({ nodes: [node.id] })}
          data-testid="inspector-delete-step"
        />
      </header>
      {general.length > 0 && (
        <ul className="wm-inspector__problems" aria-label="Problems with this node">
          {general.map((p, i) => (
            <li key={i} className={`is-${p.severity}`}>
              <Icon name={p.severity === 'error' ? 'error' : 'warning'} size={14} />
              <span>
                {p.message}
                {p.hint && <span className="wm-muted"> — {p.hint}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Section title="Step">
        <Field id={`node-name-${node.id}`} label="Name" required>
          <TextInput
            id={`node-name-${node.id}`}
            value={node.name}
            required
            onChange={(v) => setNodeFields(node.id, { name: v }, 'name')}
          />
        </Field>
        <IdField
          key={node.id}
          id={`node-id-${node.id}`}
          value={node.id}
          help="Referenced by edges and by expressions as nodes.<id>."
          rename={(to) => renameNodeId(node.id, to)}
        />
      </Section>
      {desc && desc.params.length > 0 && (
        <Section title="Parameters">
          {desc.params.map((p) => (
            <ParamField
              key={`${node.id}:${p.key}`}
              nodeId={node.id}
              param={p}
              value={node.config[p.key]}
              connectors={connectors}
              error={byKey.get(p.key)}
            />
          ))}
        </Section>
      )}
      <ExecutionSection node={node} />
      <PinnedSection key={`pin-${node.id}`} node={node} />
      <RunNodeSection key={`debug-${node.id}`} nodeId={node.id} />
      <Section title="Notes" defaultOpen={!!node.notes}>
        <Field id={`node-notes-${node.id}`} label="Notes for people reading this workflow">
          <TextArea
            id={`node-notes-${node.id}`}
            value={node.notes ?? ''}
            onChange={(v) => setNodeFields(node.id, { notes: v || undefined }, 'notes')}
          />
        </Field>
      </Section>
    </div>
  );
}
