/**
 * The LLM connector form: provider, a model from the offline price table (or any name for
 * a local server or a model the table does not know), prices filled in from the table,
 * base URL, the API key by secret name, and the risk class of its calls.
 */
import { PRICES_SOURCE } from '../../../shared/llm-models.generated';
import { LLM_PROVIDERS, findModel, providerById } from '../../../shared/llm-models';
import { Field } from '../../inspector/fields/Field';
import { withModel, withProvider, type LlmDraft } from './connector-model';
import { RiskSelect } from './RiskSelect';
import { SecretNameInput, type SecretValue } from './SecretNameInput';

/** Select value for "a model the list does not have". */
const OTHER = '+other';

const money = (n: number) => (n >= 1 ? `$${n.toFixed(2)}` : `$${n.toPrecision(2).replace(/0+$/, '')}`);

export function LlmConnectorForm({
  draft,
  onChange,
  problems,
  declaredSecrets,
  secret,
}: {
  draft: LlmDraft;
  onChange(d: LlmDraft): void;
  problems: Partial<Record<string, string>>;
  declaredSecrets: readonly string[];
  secret?: SecretValue;
}) {
  const provider = providerById(draft.providerId);
  const models = provider?.models ?? [];
  const known = !!(provider && findModel(provider, draft.model));
  const typed = !models.length || !known;
  const defaultUrl = provider?.api === 'anthropic' ? 'https://api.anthropic.com' : 'https://api.openai.com/v1';
  return (
    <div className="wm-connform">
      <Field id="conn-provider" label="Provider" required>
        <select
          id="conn-provider"
          className="wm-input wm-select"
          value={draft.providerId}
          onChange={(e) => onChange(withProvider(draft, e.target.value))}
        >
          {LLM_PROVIDERS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      {models.length > 0 && (
        <Field
          id="conn-model"
          label="Model"
          required
          error={typed ? undefined : problems.model}
          help={`${models.length} models, prices per million tokens (${PRICES_SOURCE.package}, ${PRICES_SOURCE.asOf}).`}
        >
          <select
            id="conn-model"
            className="wm-input wm-select"
            value={known ? draft.model : OTHER}
            onChange={(e) =>
              onChange(e.target.value === OTHER ? { ...draft, model: '' } : withModel(draft, e.target.value))
            }
          >
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} — {money(m.inputPerMTok)} in / {money(m.outputPerMTok)} out
              </option>
            ))}
            <option value={OTHER}>Another model (type its name)…</option>
          </select>
        </Field>
      )}
      {typed && (
        <Field
          id="conn-model-name"
          label={models.length ? 'Model name' : 'Model'}
          required
          error={problems.model}
          help={provider?.id === 'local' ? 'As the server names it, e.g. llama3.1 or qwen2.5:7b.' : undefined}
        >
          <input
            id="conn-model-name"
            className="wm-input wm-input--mono"
            value={draft.model}
            spellCheck={false}
            placeholder={provider?.id === 'local' ? 'llama3.1' : 'model id'}
            onChange={(e) => onChange(withModel(draft, e.target.value))}
          />
        </Field>
      )}
      <div className="wm-connform__pair" role="group" aria-labelledby="conn-price-label">
        <span id="conn-price-label" className="wm-field__label">
          Price per million tokens (USD)
        </span>
        <label className="wm-connform__price">
          <span>Input</span>
          <input
            className="wm-input wm-input--num"
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            aria-label="Input price per million tokens"
            value={draft.inputPerMTok}
            onChange={(e) => onChange({ ...draft, inputPerMTok: e.target.value })}
          />
        </label>
        <label className="wm-connform__price">
          <span>Output</span>
          <input
            className="wm-input wm-input--num"
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            aria-label="Output price per million tokens"
            value={draft.outputPerMTok}
            onChange={(e) => onChange({ ...draft, outputPerMTok: e.target.value })}
          />
        </label>
        {problems.pricing && (
          <p className="wm-field__error" role="alert">
            {problems.pricing}
          </p>
        )}
      </div>
      <Field
        id="conn-base-url"
        label="Base URL"
        error={problems.baseUrl}
        help={provider?.baseUrl ? undefined : `Leave empty for ${defaultUrl}.`}
      >
        <input
          id="conn-base-url"
          className="wm-input wm-input--mono"
          value={draft.baseUrl}
          spellCheck={false}
          placeholder={defaultUrl}
          onChange={(e) => onChange({ ...draft, baseUrl: e.target.value })}
        />
      </Field>
      <SecretNameInput
        id="conn-key"
        label="API key secret"
        value={draft.keySecret}
        onChange={(v) => onChange({ ...draft, keySecret: v })}
        declared={declaredSecrets}
        error={problems.secret}
        optional={provider?.id === 'local'}
        secret={secret}
      />
      <RiskSelect
        id="conn-risk"
        value={draft.risk}
        onChange={(risk) => onChange({ ...draft, risk })}
        unsetLabel="Draft (the default for model calls)"
      />
    </div>
  );
}
