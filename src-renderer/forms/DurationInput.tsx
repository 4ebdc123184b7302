/** A duration field: an amount and a unit (seconds, minutes, hours, days), kept as milliseconds. */
import { useEffect, useState } from 'react';
import { DURATION_UNITS, splitDuration, toMs, type DurationUnit } from './duration';

export function DurationInput({
  id,
  label,
  value,
  onChange,
  describedBy,
}: {
  id: string;
  label: string;
  value: number | undefined;
  onChange(ms: number | undefined): void;
  describedBy?: string;
}) {
  const initial = value === undefined ? { amount: '', unit: 'hours' as DurationUnit } : { ...splitDuration(value) };
  const [amount, setAmount] = useState(String(initial.amount));
  const [unit, setUnit] = useState<DurationUnit>(initial.unit);
  useEffect(() => {
    // Follow outside changes (undo, the JSON view) unless the text already means this value.
    if (toMs(amount, unit) === value || (value === undefined && amount.trim() === '')) return;
    if (value === undefined) setAmount('');
    else {
      const s = splitDuration(value);
      setAmount(String(s.amount));
      setUnit(s.unit);
    }
  }, [value]);
  const invalid = amount.trim() !== '' && toMs(amount, unit) === undefined;
  return (
    <div className="wm-duration">
      <input
        id={id}
        className={`wm-input wm-input--num${invalid ? ' is-invalid' : ''}`}
        type="number"
        min={0}
        step="any"
        inputMode="decimal"
        value={amount}
        placeholder="No timeout"
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        onChange={(e) => {
          setAmount(e.target.value);
          if (e.target.value.trim() === '') onChange(undefined);
          else {
            const ms = toMs(e.target.value, unit);
            if (ms !== undefined) onChange(ms);
          }
        }}
      />
      <select
        className="wm-input wm-select"
        aria-label={`${label} unit`}
        value={unit}
        onChange={(e) => {
          const u = e.target.value as DurationUnit;
          setUnit(u);
          const ms = toMs(amount, u);
          if (ms !== undefined) onChange(ms);
        }}
      >
        {DURATION_UNITS.map((u) => (
          <option key={u.id} value={u.id}>
            {u.label}
          </option>
        ))}
      </select>
    </div>
  );
}
