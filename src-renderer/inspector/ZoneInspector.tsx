/**
 * The inspector for an autonomy zone: name, colour, description, its policy (governance/zone:
 * risk classes, allow-lists, budget, approvals) and the same policy as JSON, validated
 * against the policy schema, for hand edits.
 */

import { renameZoneId, setZoneFields } from '../store/actions';
import { IdField } from './IdField';
import { useDoc } from '../store/doc-store';
import { Icon } from '../ui/icons';
import { JsonField } from './fields/code-fields';
import { zodCheck } from './zod-check';
import { ZonePolicySchema, type Zone } from '../../shared/spec/schema';
import { Field } from './fields/Field';
import { TextArea, TextInput } from './fields/inputs';
import { Section } from './Section';
import { ZonePolicyEditor } from '../governance/zone/ZonePolicyEditor';

const checkPolicy = zodCheck(ZonePolicySchema);
const SWATCHES = ['#6b7cff', '#12a594', '#e5484d', '#f76b15', '#8e4ec6', '#0090ff', '#ffb224', '#838aa0'];

export function ZoneInspector({ zone }: { zone: Zone }) {
  const members = useDoc((s) => s.spec.nodes.filter((n) => n.zone === zone.id).length);
  return (
    <div className="wm-inspector__content" data-testid="zone-inspector">
      <header className="wm-inspector__head" style={{ ['--cat' as string]: zone.color }}>
        <span className="wm-inspector__icon" aria-hidden="true">
          <Icon name="zone" size={18} />
        </span>
        <div>
          <h2 className="wm-inspector__title">{zone.name}</h2>
          <p className="wm-inspector__sub">
            Autonomy zone · {members} step{members === 1 ? '' : 's'} inside. Drag steps in or out; dragging the zone
            moves them all.
          </p>
        </div>
      </header>
      <Section title="Zone">
        <Field id={`zone-name-${zone.id}`} label="Name" required>
          <TextInput
            id={`zone-name-${zone.id}`}
            value={zone.name}
            required
            onChange={(v) => setZoneFields(zone.id, { name: v }, 'name')}
          />
        </Field>
        <IdField
          key={zone.id}
          id={`zone-id-${zone.id}`}
          value={zone.id}
          help="Steps name their zone by this id."
          rename={(to) => renameZoneId(zone.id, to)}
        />
        <Field id={`zone-color-${zone.id}`} label="Colour" asGroup>
          <div className="wm-swatches">
            {SWATCHES.map((c) => (
              <button
                key={c}
                type="button"
                className={`wm-swatch${c.toLowerCase() === zone.color.toLowerCase() ? ' is-active' : ''}`}
                style={{ background: c }}
                aria-label={`Colour ${c}`}
                aria-pressed={c.toLowerCase() === zone.color.toLowerCase()}
                onClick={() => setZoneFields(zone.id, { color: c }, 'color')}
              />
            ))}
            <input
              type="color"
              className="wm-swatch wm-swatch--custom"
              aria-label="Custom colour"
              value={zone.color}
              onChange={(e) => setZoneFields(zone.id, { color: e.target.value }, 'color')}
            />
          </div>
        </Field>
        <Field id={`zone-desc-${zone.id}`} label="Description">
          <TextArea
            id={`zone-desc-${zone.id}`}
            value={zone.description ?? ''}
            onChange={(v) => setZoneFields(zone.id, { description: v || undefined }, 'description')}
          />
        </Field>
      </Section>
      <ZonePolicyEditor zone={zone} />
      <Section title="Policy as JSON" defaultOpen={false}>
        <JsonField
          path={`inmemory://waymark/zone-${zone.id}.policy.json`}
          label="Zone policy"
          value={zone.policy}
          objectOnly
          check={checkPolicy}
          onChange={(v) => v && setZoneFields(zone.id, { policy: v as Zone['policy'] }, 'policy')}
          minLines={5}
        />
      </Section>
    </div>
  );
}
