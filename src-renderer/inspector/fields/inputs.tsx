/**
 * Plain form controls bound to a value and an onChange that goes straight to the store
 * (one undo step per typing burst, see store/actions). Numbers keep their own text while
 * typing so "1." or "-" are not lost before they become numbers.
 */
import { useEffect, useState } from 'react';

interface Base {
  id: string;
  describedBy?: string;
  required?: boolean;
}

export function TextInput({
  id,
  value,
  onChange,
  placeholder,
  describedBy,
  required,
  mono,
}: Base & { value: string; onChange(v: string): void; placeholder?: string; mono?: boolean }) {
  return (
    <input
      id={id}
      className={`wm-input${mono ? ' wm-input--mono' : ''}`}
      type="text"
      value={value}
      placeholder={placeholder}
      aria-describedby={describedBy}
      aria-required={required}
      spellCheck={false}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export function TextArea({
  id,
  value,
  onChange,
  placeholder,
  describedBy,
}: Base & { value: string; onChange(v: string): void; placeholder?: string }) {
  return (
    <textarea
      id={id}
      className="wm-input wm-textarea"
      value={value}
      placeholder={placeholder}
      aria-describedby={describedBy}
      rows={3}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export function NumberInput({
  id,
  value,
  onChange,
  min,
  max,
  placeholder,
  describedBy,
}: Base & {
  value: number | undefined;
  onChange(v: number | undefined): void;
  min?: number;
  max?: number;
  placeholder?: string;
}) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    // Follow outside changes (undo, spec view) unless the text already means this value.
    setText((t) => (t.trim() !== '' && Number(t) === value ? t : value === undefined ? '' : String(value)));
  }, [value]);
  const invalid =
    text.trim() !== '' &&
    (!Number.isFinite(Number(text)) ||
      (min !== undefined && Number(text) < min) ||
      (max !== undefined && Number(text) > max));
  return (
    <input
      id={id}
      className={`wm-input wm-input--num${invalid ? ' is-invalid' : ''}`}
      type="number"
      inputMode="decimal"
      value={text}
      min={min}
      max={max}
      placeholder={placeholder}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      onChange={(e) => {
        setText(e.target.value);
        const t = e.target.value.trim();
        if (t === '') onChange(undefined);
        else if (Number.isFinite(Number(t))) onChange(Number(t));
      }}
    />
  );
}

export function Toggle({
  id,
  checked,
  onChange,
  label,
}: {
  id: string;
  checked: boolean;
  onChange(v: boolean): void;
  label: string;
}) {
  return (
    <label className="wm-toggle" htmlFor={id}>
      <input id={id} type="checkbox" role="switch" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="wm-toggle__track" aria-hidden="true" />
      <span className="wm-toggle__label">{label}</span>
    </label>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select({
  id,
  value,
  options,
  onChange,
  emptyLabel,
  describedBy,
  required,
}: Base & {
  value: string | undefined;
  options: readonly Option[];
  onChange(v: string | undefined): void;
  emptyLabel?: string;
}) {
  const known = value === undefined || value === '' || options.some((o) => o.value === value);
  return (
    <select
      id={id}
      className="wm-input wm-select"
      value={value ?? ''}
      aria-describedby={describedBy}
      aria-required={required}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    >
      {(emptyLabel !== undefined || !value) && <option value="">{emptyLabel ?? '—'}</option>}
      {!known && <option value={value}>{value} (not declared)</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
