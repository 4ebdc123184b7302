/**
 * One inspector row generated from a node type's ParamDescriptor (describe the UI, don't
 * code it). The switch over ParamKind is exhaustive: a new kind fails to compile here
 * until the inspector knows how to render it.
 */
import type { ReactNode } from 'react';
import type { ParamDescriptor } from '../../shared/nodes/types';
import type { WorkflowSpec } from '../../shared/spec/schema';
import { openConnectorForm } from '../forms/connectors/connector-dialog';
import type { PortRename } from '../model/orphans';
import { setNodeConfig } from '../store/actions';
import { DurationInput } from '../governance/zone/DurationInput';
import { SchemaField } from '../forms/SchemaField';
import { ExpressionField } from './fields/code-fields';
import { Field } from './fields/Field';
import { NumberInput, Select, TextArea, TextInput, Toggle } from './fields/inputs';
import { KeyValueEditor, StringListEditor } from './fields/lists';
import { RulesEditor } from './fields/RulesEditor';

interface Props {
  nodeId: string;
  param: ParamDescriptor;
  value: unknown;
  connectors: WorkflowSpec['connectors'];
  error?: string;
}

/** Select value of the "add a connector" entry (not a valid alias, so it cannot collide). */
const NEW_CONNECTOR = '+new';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function connectorOptions(connectors: WorkflowSpec['connectors'], kind: 'llm' | 'http') {
  return Object.entries(connectors)
    .filter(([, c]) => c.kind === kind)
    .map(([alias, c]) => ({
      value: alias,
      label: c.kind === 'llm' ? `${alias} — ${c.provider} ${c.model}` : `${alias} — ${c.baseUrl}`,
    }));
}

export function ParamField({ nodeId, param, value, connectors, error }: Props) {
  const id = `param-${nodeId}-${param.key}`;
  const set = (v: unknown, rename?: PortRename) => setNodeConfig(nodeId, param.key, v, rename);
  const field = (control: ReactNode, asGroup = false, help = param.help) => (
    <Field id={id} label={param.label} required={param.required} help={help} error={error} asGroup={asGroup}>
      {control}
    </Field>
  );
  const described = param.help ? `${id}-help` : undefined;
  const kind = param.kind;
  switch (kind) {
    case 'text':
      return field(
        <TextInput
          id={id}
          value={str(value)}
          placeholder={param.placeholder}
          describedBy={described}
          required={param.required}
          onChange={(v) => set(v === '' && !param.required ? undefined : v)}
        />,
      );
    case 'textarea':
      return field(
        <TextArea
          id={id}
          value={str(value)}
          placeholder={param.placeholder}
          describedBy={described}
          onChange={(v) => set(v === '' && !param.required ? undefined : v)}
        />,
      );
    case 'number':
      return field(
        <NumberInput
          id={id}
          value={typeof value === 'number' ? value : undefined}
          min={param.min}
          max={param.max}
          describedBy={described}
          onChange={set}
        />,
      );
    case 'duration':
      return field(
        <DurationInput
          id={id}
          label={param.label}
          value={typeof value === 'number' ? value : undefined}
          units={['min', 'h', 'd']}
          fallback="h"
          placeholder="No timeout"
          onChange={set}
        />,
      );
    case 'boolean':
      return field(
        <Toggle id={id} checked={value === true} label={param.label} onChange={(v) => set(v || undefined)} />,
      );
    case 'select':
      return field(
        <Select
          id={id}
          value={typeof value === 'string' ? value : undefined}
          options={param.options ?? []}
          emptyLabel={param.required ? undefined : 'Not set'}
          describedBy={described}
          onChange={set}
        />,
      );
    case 'model':
    case 'connector': {
      const ck = kind === 'model' ? 'llm' : 'http';
      const options = [
        ...connectorOptions(connectors, ck),
        { value: NEW_CONNECTOR, label: kind === 'model' ? '+ Add an LLM connector…' : '+ Add an HTTP connector…' },
      ];
      const pick = (v: string | undefined) => {
        if (v !== NEW_CONNECTOR) return set(v ?? '');
        openConnectorForm({ kind: ck, assign: { nodeId, key: param.key } });
      };
      return field(
        <Select
          id={id}
          value={str(value)}
          options={options}
          emptyLabel={kind === 'model' ? 'Choose a model…' : 'Choose a connector…'}
          required
          onChange={pick}
        />,
        false,
        options.length > 1
          ? param.help
          : `No ${ck === 'llm' ? 'LLM' : 'HTTP'} connector yet: add one here, or declare it in the workflow settings.`,
      );
    }
    case 'template':
    case 'expression':
      return field(
        <ExpressionField
          path={`inmemory://waymark/${nodeId}/${param.key}.${kind === 'template' ? 'tmpl' : 'jsonata'}`}
          label={param.label}
          kind={kind}
          value={typeof value === 'string' ? value : undefined}
          onChange={set}
          nodeId={nodeId}
          required={param.required}
          placeholder={param.placeholder}
        />,
        true,
      );
    case 'jsonSchema':
      return field(
        <SchemaField
          path={`inmemory://waymark/${nodeId}/${param.key}.schema-field.json`}
          label={param.label}
          value={value}
          onChange={set}
          noun={`${param.label.replace(/ schema$/i, '')} field`}
        />,
        true,
      );
    case 'keyValue':
      return field(
        <KeyValueEditor
          id={id}
          label={param.label}
          value={value && typeof value === 'object' ? (value as Record<string, string>) : undefined}
          onChange={set}
        />,
        true,
      );
    case 'stringList':
      return field(
        <StringListEditor
          id={id}
          label={param.label}
          value={Array.isArray(value) ? (value as string[]) : undefined}
          placeholder={param.placeholder}
          onChange={set}
        />,
        true,
      );
    case 'rules':
      return field(<RulesEditor id={id} nodeId={nodeId} value={value} onChange={set} />, true);
    default: {
      const never: never = kind;
      return field(<p className="wm-muted">Unsupported field kind {String(never)}</p>);
    }
  }
}
