/**
 * Editors for list-shaped parameters: string lists (approvers) and key/value maps
 * (query, headers — values are templates). Rows keep their own order while editing; an
 * empty list or map is removed from the config rather than written as `[]`/`{}`.
 */
import { Button } from '../../ui/Button';

export function StringListEditor({
  id,
  label,
  value,
  onChange,
  placeholder,
}: {
  id: string;
  label: string;
  value: readonly string[] | undefined;
  onChange(v: string[] | undefined): void;
  placeholder?: string;
}) {
  const items = value ?? [];
  const set = (next: string[]) => onChange(next.length ? next : undefined);
  return (
    <div className="wm-list" id={id}>
      {items.map((item, i) => (
        <div className="wm-list__row" key={i}>
          <input
            className="wm-input"
            value={item}
            aria-label={`${label} ${i + 1}`}
            placeholder={placeholder}
            onChange={(e) => set(items.map((x, j) => (j === i ? e.target.value : x)))}
          />
          <Button
            icon="x"
            label={`Remove ${label.toLowerCase()} ${i + 1}`}
            iconOnly
            size="sm"
            onClick={() => set(items.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      <Button
        icon="plus"
        label={`Add ${label.toLowerCase().replace(/s$/, '')}`}
        size="sm"
        variant="secondary"
        onClick={() => onChange([...items, ''])}
      />
    </div>
  );
}

export function KeyValueEditor({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: Readonly<Record<string, string>> | undefined;
  onChange(v: Record<string, string> | undefined): void;
}) {
  const rows = Object.entries(value ?? {});
  const set = (next: Array<[string, string]>) => onChange(next.length ? Object.fromEntries(next) : undefined);
  const freshKey = () => {
    const taken = new Set(rows.map(([k]) => k));
    let i = rows.length + 1;
    while (taken.has(`key${i}`)) i++;
    return `key${i}`;
  };
  return (
    <div className="wm-list" id={id}>
      {rows.map(([k, v], i) => (
        <div className="wm-list__row wm-list__row--kv" key={i}>
          <input
            className="wm-input wm-input--mono"
            value={k}
            aria-label={`${label} name ${i + 1}`}
            onChange={(e) => {
              const name = e.target.value;
              // Two rows cannot share a key in a JSON object: refuse the duplicate silently.
              if (rows.some(([other], j) => j !== i && other === name)) return;
              set(rows.map((r, j) => (j === i ? [name, r[1]] : r)));
            }}
          />
          <input
            className="wm-input wm-input--mono"
            value={v}
            aria-label={`${label} value ${i + 1}`}
            placeholder="value or {{ template }}"
            onChange={(e) => set(rows.map((r, j) => (j === i ? [r[0], e.target.value] : r)))}
          />
          <Button
            icon="x"
            label={`Remove ${label.toLowerCase()} ${k || i + 1}`}
            iconOnly
            size="sm"
            onClick={() => set(rows.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      <Button
        icon="plus"
        label={`Add ${label.toLowerCase()}`}
        size="sm"
        variant="secondary"
        onClick={() => set([...rows, [freshKey(), '']])}
      />
    </div>
  );
}
