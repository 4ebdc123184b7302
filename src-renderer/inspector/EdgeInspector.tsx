/** The inspector for an edge: where it goes, which port it leaves by, its loop bound and its cost-projection prior. */
import type { SpecEdge } from '../../shared/spec/schema';
import { deleteElements, setEdgeFields } from '../store/actions';
import { useDoc } from '../store/doc-store';
import { Button } from '../ui/Button';
import { Icon } from '../ui/icons';
import { Field } from './fields/Field';
import { NumberInput } from './fields/inputs';
import { Section } from './Section';

export function EdgeInspector({ edge }: { edge: SpecEdge }) {
  const nodes = useDoc((s) => s.spec.nodes);
  const name = (id: string) => nodes.find((n) => n.id === id)?.name ?? id;
  const port = edge.kind === 'branch' ? `branch “${edge.branch ?? ''}”` : edge.kind === 'error' ? 'error port' : 'next';
  return (
    <div className="wm-inspector__content" data-testid="edge-inspector">
      <header className="wm-inspector__head">
        <span className="wm-inspector__icon" aria-hidden="true">
          <Icon name="link" size={18} />
        </span>
        <div>
          <h2 className="wm-inspector__title">
            {name(edge.source)} → {name(edge.target)}
          </h2>
          <p className="wm-inspector__sub">Leaves by {port}. Drag either end on the canvas to reconnect it.</p>
        </div>
      </header>
      <Section title="Edge">
        <Field
          id={`edge-bound-${edge.id}`}
          label="Max traversals"
          help="Loop bound: how often one run may take this edge. Every cycle needs one."
        >
          <NumberInput
            id={`edge-bound-${edge.id}`}
            value={edge.maxTraversals}
            min={1}
            max={10_000}
            onChange={(v) => setEdgeFields(edge.id, { maxTraversals: v })}
          />
        </Field>
        <Field
          id={`edge-probability-${edge.id}`}
          label="Probability (cost projection)"
          help="Share of runs leaving the step by this edge, from 0 to 1; used by the Cost panel until recorded runs say otherwise."
        >
          <NumberInput
            id={`edge-probability-${edge.id}`}
            value={edge.probability}
            min={0}
            max={1}
            placeholder="from history, else assumed"
            onChange={(v) => setEdgeFields(edge.id, { probability: v })}
          />
        </Field>
        <Button
          icon="trash"
          label="Delete edge"
          variant="danger"
          size="sm"
          onClick={() => deleteElements({ edges: [edge.id] })}
        />
      </Section>
    </div>
  );
}
