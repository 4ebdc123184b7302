/**
 * A secret by name (UPPER_SNAKE_CASE, suggested from the declared ones), with an optional
 * value to store in the backend's secret store when the form is saved. The value is
 * write-only: it is never shown again, and it never enters the workflow.
 */
import { Field } from '../../inspector/fields/Field';

export interface SecretValue {
  /** What was typed; '' when nothing is to be stored. */
  value: string;
  onChange(v: string): void;
  /** The backend stores values (desktop app, web host); otherwise only names are kept. */
  writable: boolean;
  /** Already has a value (stored or from the environment). */
  present: boolean;
}

export function SecretNameInput({
  id,
  label,
  value,
  onChange,
  declared,
  error,
  optional,
  secret,
}: {
  id: string;
  label: string;
  value: string;
  onChange(v: string): void;
  declared: readonly string[];
  error?: string;
  optional?: boolean;
  secret?: SecretValue;
}) {
  return (
    <div className="wm-connform__secret">
      <Field
        id={id}
        label={label}
        required={!optional}
        error={error}
        help={optional ? 'Local servers usually need no key: leave empty.' : 'The name of a secret, never its value.'}
      >
        <input
          id={id}
          className="wm-input wm-input--mono"
          value={value}
          list={`${id}-known`}
          spellCheck={false}
          autoComplete="off"
          placeholder="OPENAI_API_KEY"
          onChange={(e) => onChange(e.target.value.toUpperCase().replace(/[^A-Z0-9_]/g, '_'))}
        />
        <datalist id={`${id}-known`}>
          {declared.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
      </Field>
      {secret?.writable && value && (
        <Field
          id={`${id}-value`}
          label={`Value of ${value}`}
          help={
            secret.present
              ? 'Already set: type a new value to replace it, or leave empty to keep it.'
              : 'Stored in this machine’s secret store when you save; never in the workflow.'
          }
        >
          <input
            id={`${id}-value`}
            className="wm-input wm-input--mono"
            type="password"
            autoComplete="off"
            value={secret.value}
            placeholder={secret.present ? '•••••••• (set)' : 'paste the key'}
            onChange={(e) => secret.onChange(e.target.value)}
          />
        </Field>
      )}
    </div>
  );
}
