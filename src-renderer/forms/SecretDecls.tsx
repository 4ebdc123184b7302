/**
 * The secrets a workflow needs, by name and what each is for, as rows (JSON one click
 * away). Values are never here: "Set values" opens the Secrets panel, which stores them
 * in the backend.
 */
import { useState } from 'react';
import { z } from 'zod';
import { SecretDeclSchema, type WorkflowSpec } from '../../shared/spec/schema';
import { JsonField } from '../inspector/fields/code-fields';
import { zodCheck } from '../inspector/zod-check';
import { useUi } from '../store/ui-store';
import { Button } from '../ui/Button';
import { ViewToggle } from './ViewToggle';

type Decl = WorkflowSpec['secrets'][number];
const checkSecrets = zodCheck(z.array(SecretDeclSchema));
const NAME = /^[A-Z][A-Z0-9_]*$/;

export function SecretDecls({ value, onChange }: { value: readonly Decl[]; onChange(v: Decl[]): void }) {
  const [view, setView] = useState<'form' | 'json'>('form');
  const set = (i: number, patch: Partial<Decl>) =>
    onChange(
      value.map((d, j) => {
        if (j !== i) return d;
        const next = { ...d, ...patch };
        if (!next.description) delete next.description;
        return next;
      }),
    );
  return (
    <div className="wm-schemafield">
      <ViewToggle label="Secrets" view={view} onChange={setView} />
      {view === 'json' ? (
        <JsonField
          path="inmemory://waymark/workflow/secrets.secrets.json"
          label="Secrets"
          value={value}
          check={checkSecrets}
          onChange={(v) => onChange((v as Decl[] | undefined) ?? [])}
          minLines={2}
        />
      ) : (
        <div className="wm-list">
          {value.map((d, i) => (
            <div className="wm-list__row wm-list__row--kv" key={i}>
              <input
                className={`wm-input wm-input--mono${NAME.test(d.name) ? '' : ' is-invalid'}`}
                aria-label={`Secret ${i + 1} name`}
                aria-invalid={NAME.test(d.name) ? undefined : true}
                value={d.name}
                spellCheck={false}
                placeholder="API_TOKEN"
                onChange={(e) => set(i, { name: e.target.value.toUpperCase().replace(/[^A-Z0-9_]/g, '_') })}
              />
              <input
                className="wm-input"
                aria-label={`Secret ${i + 1} purpose`}
                value={d.description ?? ''}
                placeholder="What it is for"
                onChange={(e) => set(i, { description: e.target.value })}
              />
              <Button
                icon="x"
                label={`Remove secret ${d.name || i + 1}`}
                iconOnly
                size="sm"
                onClick={() => onChange(value.filter((_, j) => j !== i))}
              />
            </div>
          ))}
          <div className="wm-conncards__add">
            <Button
              icon="plus"
              label="Add secret"
              size="sm"
              variant="ghost"
              onClick={() => onChange([...value, { name: freshName(value) }])}
            />
            <Button
              icon="link"
              label="Set values…"
              size="sm"
              variant="ghost"
              onClick={() => useUi.setState({ rightPanel: 'secrets' })}
            />
          </div>
        </div>
      )}
    </div>
  );
}

function freshName(value: readonly Decl[]): string {
  const taken = new Set(value.map((d) => d.name));
  if (!taken.has('API_TOKEN')) return 'API_TOKEN';
  for (let i = 2; ; i++) if (!taken.has(`API_TOKEN_${i}`)) return `API_TOKEN_${i}`;
}
