/**
 * The workflow's connectors as cards (what each one is, what it costs, where it goes),
 * with add, edit and remove, and the whole map as JSON one click away.
 */
import { useState } from 'react';
import { z } from 'zod';
import { providerOf } from '../../../shared/llm-models';
import { ConnectorSchema, IdSchema, type Connector, type WorkflowSpec } from '../../../shared/spec/schema';
import { RISK_LABEL } from '../../governance/model/policy-view';
import { JsonField } from '../../inspector/fields/code-fields';
import { zodCheck } from '../../inspector/zod-check';
import { edit } from '../../store/doc-store';
import { Button } from '../../ui/Button';
import { ViewToggle } from '../ViewToggle';
import { openConnectorForm } from './connector-dialog';
import { removeConnector } from './connector-model';

const checkConnectors = zodCheck(z.record(IdSchema, ConnectorSchema));

const usd = (n: number) => `$${n < 1 ? n.toPrecision(2).replace(/0+$/, '') : n.toFixed(2)}`;

function summary(c: Connector): string {
  if (c.kind === 'llm') {
    const price = c.pricing ? ` · ${usd(c.pricing.inputPerMTok)} / ${usd(c.pricing.outputPerMTok)} per M tokens` : '';
    return `${providerOf(c).name.replace(/ \(.*\)$/, '')} · ${c.model}${price}`;
  }
  return c.baseUrl;
}

function details(c: Connector): string {
  const key = c.kind === 'llm' ? c.apiKey?.secret : undefined;
  const auth = c.kind === 'http' ? Object.entries(c.headers ?? {}).find(([, v]) => typeof v !== 'string') : undefined;
  const parts = [
    c.risk ? RISK_LABEL[c.risk] : c.kind === 'llm' ? 'Draft' : 'Risk not declared',
    key ? `key ${key}` : auth ? `${auth[0]} from ${(auth[1] as { secret: string }).secret}` : 'no credentials',
  ];
  return parts.join(' · ');
}

export function ConnectorsEditor({
  connectors,
  onJson,
}: {
  connectors: WorkflowSpec['connectors'];
  onJson(v: WorkflowSpec['connectors']): void;
}) {
  const [view, setView] = useState<'form' | 'json'>('form');
  const entries = Object.entries(connectors);
  return (
    <div className="wm-schemafield">
      <ViewToggle label="Connectors" view={view} onChange={setView} />
      {view === 'json' ? (
        <JsonField
          path="inmemory://waymark/workflow/connectors.connectors.json"
          label="Connectors"
          value={connectors}
          objectOnly
          check={checkConnectors}
          onChange={(v) => onJson((v as WorkflowSpec['connectors'] | undefined) ?? {})}
          minLines={4}
        />
      ) : (
        <>
          {entries.length === 0 && (
            <p className="wm-field__help">LLM steps need a model connector, tool steps an HTTP one.</p>
          )}
          <ul className="wm-conncards" aria-label="Connectors">
            {entries.map(([alias, c]) => (
              <li key={alias} className={`wm-conncard wm-conncard--${c.kind}`} data-testid={`connector-${alias}`}>
                <span className="wm-conncard__kind" aria-hidden="true">
                  {c.kind === 'llm' ? 'LLM' : 'HTTP'}
                </span>
                <div className="wm-conncard__text">
                  <span className="wm-conncard__alias">{alias}</span>
                  <span className="wm-conncard__summary">{summary(c)}</span>
                  <span className="wm-conncard__details">{details(c)}</span>
                </div>
                <span className="wm-conncard__actions">
                  <Button
                    icon="sliders"
                    label={`Edit connector ${alias}`}
                    iconOnly
                    size="sm"
                    onClick={() => openConnectorForm({ kind: c.kind, alias })}
                  />
                  <Button
                    icon="trash"
                    label={`Remove connector ${alias}`}
                    iconOnly
                    size="sm"
                    onClick={() => edit('remove connector', (s) => removeConnector(s, alias), { source: 'inspector' })}
                  />
                </span>
              </li>
            ))}
          </ul>
          <div className="wm-conncards__add">
            <Button
              icon="plus"
              label="LLM connector"
              aria-label="Add an LLM connector"
              size="sm"
              variant="secondary"
              onClick={() => openConnectorForm({ kind: 'llm' })}
            />
            <Button
              icon="plus"
              label="HTTP connector"
              aria-label="Add an HTTP connector"
              size="sm"
              variant="secondary"
              onClick={() => openConnectorForm({ kind: 'http' })}
            />
          </div>
        </>
      )}
    </div>
  );
}
