/**
 * Pinned output: the value a node returns in simulation instead of calling out, so a
 * workflow runs offline before any credentials exist.
 */
import type { SpecNode } from '../../shared/spec/schema';
import { handleId, nodePorts, portLabel } from '../model/ports';
import { setNodeFields } from '../store/actions';
import { JsonField } from './fields/code-fields';
import { Field } from './fields/Field';
import { Select, Toggle } from './fields/inputs';
import { Section } from './Section';

export function PinnedSection({ node }: { node: SpecNode }) {
  const pinned = node.pinned;
  const ports = nodePorts(node).filter((p) => p.kind !== 'error');
  return (
    <Section title="Pinned output" defaultOpen={!!pinned}>
      <Toggle
        id={`pin-${node.id}`}
        label="Use a pinned output in simulation"
        checked={!!pinned}
        onChange={(on) => setNodeFields(node.id, { pinned: on ? { output: {} } : undefined }, 'pinned')}
      />
      {pinned && (
        <>
          <Field id={`pin-out-${node.id}`} label="Output (JSON)" asGroup>
            <JsonField
              path={`inmemory://waymark/${node.id}/pinned.json`}
              label="Pinned output"
              value={pinned.output}
              onChange={(v) => setNodeFields(node.id, { pinned: { ...pinned, output: v ?? null } }, 'pinned')}
              minLines={4}
            />
          </Field>
          {ports.length > 1 && (
            <Field id={`pin-port-${node.id}`} label="Leave by port">
              <Select
                id={`pin-port-${node.id}`}
                value={pinned.port}
                options={ports.map((p) => ({ value: handleId(p).replace(/^branch:/, ''), label: portLabel(p) }))}
                emptyLabel="The normal one"
                onChange={(v) =>
                  setNodeFields(node.id, { pinned: v ? { ...pinned, port: v } : { output: pinned.output } }, 'pinned')
                }
              />
            </Field>
          )}
        </>
      )}
    </Section>
  );
}
