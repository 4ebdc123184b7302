/**
 * Workflow settings, shown when nothing is selected: name, id, description, the typed run
 * input and output, connectors (what LLM and HTTP steps call) and secret declarations
 * (names only — values live in the backend and never in a spec).
 */
import { IdSchema, SpecSchema, type WorkflowSpec } from '../../shared/spec/schema';
import { SecretDecls } from '../forms/SecretDecls';
import { ConnectorsEditor } from '../forms/connectors/ConnectorsEditor';
import { setWorkflowFields } from '../store/actions';
import { useDoc } from '../store/doc-store';
import { Icon } from '../ui/icons';
import { SchemaField } from '../forms/SchemaField';
import { JsonField } from './fields/code-fields';
import { Field } from './fields/Field';
import { TextArea, TextInput } from './fields/inputs';
import { Section } from './Section';
import { zodCheck } from './zod-check';

const checkId = zodCheck(IdSchema);
const checkDefaults = zodCheck(SpecSchema.shape.defaults);

export function WorkflowInspector() {
  const spec = useDoc((s) => s.spec);
  const connectorCount = Object.keys(spec.connectors).length;
  return (
    <div className="wm-inspector__content" data-testid="workflow-inspector">
      <header className="wm-inspector__head">
        <span className="wm-inspector__icon" aria-hidden="true">
          <Icon name="sliders" size={18} />
        </span>
        <div>
          <h2 className="wm-inspector__title">Workflow settings</h2>
          <p className="wm-inspector__sub">Select a step, edge or zone on the canvas to edit it.</p>
        </div>
      </header>
      <Section title="Workflow">
        <Field id="wf-name" label="Name" required>
          <TextInput id="wf-name" value={spec.name} required onChange={(v) => setWorkflowFields({ name: v }, 'name')} />
        </Field>
        <Field id="wf-id" label="Id" help="Used as the file name on export." error={checkId(spec.id)}>
          <TextInput id="wf-id" value={spec.id} mono onChange={(v) => setWorkflowFields({ id: v }, 'id')} />
        </Field>
        <Field id="wf-desc" label="Description">
          <TextArea
            id="wf-desc"
            value={spec.description ?? ''}
            onChange={(v) => setWorkflowFields({ description: v || undefined }, 'description')}
          />
        </Field>
      </Section>
      <Section title="Input and output">
        <Field
          id="wf-input"
          label="Input schema"
          help="JSON Schema of the run input; its fields complete as input.* in prompts."
          asGroup
        >
          <SchemaField
            path="inmemory://waymark/workflow/input.schema-field.json"
            label="Input schema"
            noun="Input field"
            value={spec.input}
            onChange={(v) =>
              setWorkflowFields({ input: (v as WorkflowSpec['input'] | undefined) ?? { type: 'object' } }, 'input')
            }
          />
        </Field>
        <Field id="wf-output" label="Output schema" help="Optional JSON Schema the run output must satisfy." asGroup>
          <SchemaField
            path="inmemory://waymark/workflow/output.schema-field.json"
            label="Output schema"
            noun="Output field"
            value={spec.output}
            onChange={(v) => setWorkflowFields({ output: v as WorkflowSpec['output'] }, 'output')}
          />
        </Field>
      </Section>
      <Section title={`Connectors (${connectorCount})`}>
        <ConnectorsEditor
          connectors={spec.connectors}
          onJson={(connectors) => setWorkflowFields({ connectors }, 'connectors')}
        />
      </Section>
      <Section title={`Secrets (${spec.secrets.length})`} defaultOpen={spec.secrets.length > 0}>
        <p className="wm-field__help">
          Names of the secrets this workflow needs; values are set on the machine that runs it.
        </p>
        <SecretDecls value={spec.secrets} onChange={(secrets) => setWorkflowFields({ secrets }, 'secrets')} />
      </Section>
      <Section title="Defaults" defaultOpen={!!spec.defaults}>
        <p className="wm-field__help">
          Retry policy and timeout for steps that set none, e.g. <code>{'{ "timeoutMs": 30000 }'}</code>.
        </p>
        <JsonField
          path="inmemory://waymark/workflow/defaults.json"
          label="Defaults"
          value={spec.defaults}
          objectOnly
          check={checkDefaults}
          onChange={(v) => setWorkflowFields({ defaults: v as WorkflowSpec['defaults'] }, 'defaults')}
          minLines={2}
        />
      </Section>
    </div>
  );
}
