/**
 * A duration typed in human units and stored in milliseconds. The unit is view state: it
 * starts as the largest unit that shows the stored value exactly and stays put while the
 * user types, so "1.5 h" does not jump to "90 min" mid-edit.
 */
import { useState } from 'react';
import { NumberInput } from '../../inspector/fields/inputs';
import { splitDuration, toMs, UNIT_LABEL, UNIT_MS, type DurationUnit } from '../model/units';

export function DurationInput({
  id,
  value,
  onChange,
  units,
  fallback,
  label,
  placeholder,
}: {
  id: string;
  placeholder: string;
  value: number | undefined;
  onChange(ms: number | undefined): void;
  units: readonly DurationUnit[];
  fallback: DurationUnit;
  label: string;
}) {
  const [unit, setUnit] = useState<DurationUnit>(() => splitDuration(value, units, fallback).unit);
  const shown = value === undefined ? undefined : Number((value / UNIT_MS[unit]).toFixed(6));
  return (
    <div className="wm-gov-unit">
      <NumberInput id={id} value={shown} min={0} placeholder={placeholder} onChange={(v) => onChange(toMs(v, unit))} />
      <select
        className="wm-input wm-select wm-gov-unit__select"
        aria-label={`${label} unit`}
        value={unit}
        onChange={(e) => {
          const next = e.target.value as DurationUnit;
          setUnit(next);
          // The number stays what the user typed; its meaning follows the unit.
          if (shown !== undefined) onChange(toMs(shown, next));
        }}
      >
        {units.map((u) => (
          <option key={u} value={u}>
            {UNIT_LABEL[u]}
          </option>
        ))}
      </select>
    </div>
  );
}
