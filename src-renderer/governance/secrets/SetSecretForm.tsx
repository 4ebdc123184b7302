/**
 * Setting a secret's value: a password field, write-only. The value lives in this form's
 * state only until it is sent, and is cleared whether or not the call succeeds — it is
 * never shown, echoed, or kept in any store.
 */
import { useState, type FormEvent } from 'react';
import { Button } from '../../ui/Button';

export function SetSecretForm({
  name,
  onSave,
  onCancel,
}: {
  name: string;
  onSave(value: string): Promise<boolean>;
  onCancel(): void;
}) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!value) return;
    setBusy(true);
    const v = value;
    setValue('');
    const ok = await onSave(v);
    setBusy(false);
    if (ok) onCancel();
  };
  const id = `secret-value-${name}`;
  return (
    <form className="wm-gov-secret__form" onSubmit={(e) => void submit(e)} data-testid={`secret-form-${name}`}>
      <label className="wm-sr-only" htmlFor={id}>
        New value for {name}
      </label>
      <input
        id={id}
        className="wm-input wm-input--mono"
        type="password"
        autoComplete="new-password"
        spellCheck={false}
        placeholder="New value"
        value={value}
        autoFocus
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      />
      <Button type="submit" variant="primary" size="sm" label="Save" disabled={!value || busy} />
      <Button size="sm" label="Cancel" onClick={onCancel} />
    </form>
  );
}
