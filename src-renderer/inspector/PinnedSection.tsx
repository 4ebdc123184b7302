/**
 * Pinned output: the value a node returns in simulation instead of calling out, so a
 * workflow runs offline before any credentials exist. Turning it on seeds it from what the
 * step declares it returns; it can be pinned from the latest run, and edited as a form
 * (one control per declared field) or as JSON.
 */
import type { SpecNode } from '../../shared/spec/schema';
import { handleId, nodePorts, portLabel } from '../model/ports';
import { setNodeFields } from '../store/actions';
import { JsonField } from './fields/code-fields';
import { Field } from './fields/Field';
import { Select, Toggle } from './fields/inputs';
import { Section } from './Section';
import { useState } from 'react';
import { PinnedForm, pinnedFormFits } from '../forms/PinnedForm';
import { ViewToggle } from '../forms/ViewToggle';
import { asSchema } from '../forms/schema-model';
import { outputSchemaOf, seedPinnedOutput } from '../runs/model/simulate-readiness';
import { useLastOutputs } from '../runs/running/useLastOutputs';
import { useDoc } from '../store/doc-store';
import { Button } from '../ui/Button';

export function PinnedSection({ node }: { node: SpecNode }) {
  const pinned = node.pinned;
  const ports = nodePorts(node).filter((p) => p.kind !== 'error');
  const schema = outputSchemaOf(node);
  const fits = pinnedFormFits(schema, pinned?.output);
  const [view, setView] = useState<'form' | 'json'>('form');
  const last = useLastOutputs(useDoc.getState().spec.id, pinned ? [] : [node.id])[node.id];
  const fromLast = last
    ? () => {
        const port = last.port && last.port !== 'next' ? last.port.replace(/^branch:/, '') : undefined;
        setNodeFields(node.id, { pinned: { output: last.output, ...(port ? { port } : {}) } }, 'pinned');
      }
    : undefined;
  return (
    <Section title="Pinned output" defaultOpen={!!pinned}>
      <Toggle
        id={`pin-${node.id}`}
        label="Use a pinned output in simulation"
        checked={!!pinned}
        onChange={(on) =>
          setNodeFields(node.id, { pinned: on ? { output: seedPinnedOutput(node) } : undefined }, 'pinned')
        }
      />
      {!pinned && fromLast && (
        <Button
          label={`Pin from last run (${last?.runId})`}
          size="sm"
          variant="secondary"
          onClick={fromLast}
          data-testid="pin-from-last-run"
        />
      )}
      {pinned && (
        <>
          <Field id={`pin-out-${node.id}`} label="Output" asGroup>
            <div className="wm-schemafield">
              <ViewToggle label="Pinned output" view={fits ? view : 'json'} onChange={setView} formDisabled={!fits} />
              {fits && view === 'form' ? (
                <PinnedForm
                  nodeId={node.id}
                  schema={asSchema(schema)}
                  value={pinned.output}
                  onChange={(v) => setNodeFields(node.id, { pinned: { ...pinned, output: v } }, 'pinned')}
                />
              ) : (
                <JsonField
                  path={`inmemory://waymark/${node.id}/pinned.json`}
                  label="Pinned output"
                  value={pinned.output}
                  onChange={(v) => setNodeFields(node.id, { pinned: { ...pinned, output: v ?? null } }, 'pinned')}
                  minLines={4}
                />
              )}
            </div>
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
