/**
 * The HTTP connector form: base URL, authentication (a secret sent in a header), other
 * headers, and the default risk class of its calls (undeclared means the strictest).
 */
import { Field } from '../../inspector/fields/Field';
import { KeyValueEditor } from '../../inspector/fields/lists';
import type { HttpDraft } from './connector-model';
import { RiskSelect } from './RiskSelect';
import { SecretNameInput, type SecretValue } from './SecretNameInput';

export function HttpConnectorForm({
  draft,
  onChange,
  problems,
  declaredSecrets,
  secret,
}: {
  draft: HttpDraft;
  onChange(d: HttpDraft): void;
  problems: Partial<Record<string, string>>;
  declaredSecrets: readonly string[];
  secret?: SecretValue;
}) {
  const plain = draft.headers.filter((h) => !h.secret);
  const secretRows = draft.headers.filter((h) => h.secret);
  return (
    <div className="wm-connform">
      <Field id="conn-base-url" label="Base URL" required error={problems.baseUrl} help="Steps add their path to it.">
        <input
          id="conn-base-url"
          className="wm-input wm-input--mono"
          value={draft.baseUrl}
          spellCheck={false}
          placeholder="https://api.example.com/v1"
          onChange={(e) => onChange({ ...draft, baseUrl: e.target.value })}
        />
      </Field>
      <Field id="conn-auth" label="Authentication">
        <select
          id="conn-auth"
          className="wm-input wm-select"
          value={draft.auth}
          onChange={(e) => onChange({ ...draft, auth: e.target.value as HttpDraft['auth'] })}
        >
          <option value="none">None</option>
          <option value="secretHeader">A secret sent in a header (token, API key)</option>
        </select>
      </Field>
      {draft.auth === 'secretHeader' && (
        <div className="wm-connform__group">
          <Field id="conn-auth-header" label="Header" help="e.g. Authorization, or X-API-Key.">
            <input
              id="conn-auth-header"
              className="wm-input wm-input--mono"
              value={draft.authHeader}
              spellCheck={false}
              onChange={(e) => onChange({ ...draft, authHeader: e.target.value })}
            />
          </Field>
          <SecretNameInput
            id="conn-auth-secret"
            label="Secret"
            value={draft.authSecret}
            onChange={(v) => onChange({ ...draft, authSecret: v })}
            declared={declaredSecrets}
            error={problems.secret}
            secret={secret}
          />
        </div>
      )}
      <Field id="conn-headers" label="Other headers" asGroup>
        <KeyValueEditor
          id="conn-headers"
          label="Header"
          value={plain.length ? Object.fromEntries(plain.map((h) => [h.name, h.value])) : undefined}
          onChange={(v) =>
            onChange({
              ...draft,
              headers: [
                ...Object.entries(v ?? {}).map(([name, value]) => ({ name, value, secret: false })),
                ...secretRows,
              ],
            })
          }
        />
        {secretRows.length > 0 && (
          <p className="wm-field__help">
            Also sends {secretRows.map((h) => `${h.name} (secret ${h.value})`).join(', ')}: edit those in JSON.
          </p>
        )}
      </Field>
      <RiskSelect
        id="conn-risk"
        value={draft.risk}
        onChange={(risk) => onChange({ ...draft, risk })}
        unsetLabel="Not declared (treated as destructive)"
      />
    </div>
  );
}
