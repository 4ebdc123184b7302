/**
 * The collector's HTTP headers: each a name and either a typed value (not a credential) or
 * the name of a secret whose value the backend adds at every export.
 */
import type { TelemetryHeader } from '../../shared/telemetry-settings';
import { Button } from '../ui/Button';

export function HeaderRows({
  headers,
  onChange,
}: {
  headers: TelemetryHeader[];
  onChange(next: TelemetryHeader[]): void;
}) {
  const put = (i: number, h: TelemetryHeader) => onChange(headers.map((x, j) => (j === i ? h : x)));
  return (
    <fieldset className="wm-settings__headers" data-testid="telemetry-headers">
      <legend className="wm-field__label">Headers</legend>
      {headers.length === 0 && (
        <p className="wm-field__help">
          None. Collectors that need a key (Langfuse, Honeycomb, Grafana Cloud) take it in a header: add one and pick
          the secret that holds it.
        </p>
      )}
      {headers.map((h, i) => {
        const fromSecret = 'secret' in h;
        const n = i + 1;
        return (
          <div className="wm-settings__header" key={i} data-testid={`telemetry-header-${i}`}>
            <input
              className="wm-input wm-input--mono"
              value={h.name}
              placeholder="Authorization"
              aria-label={`Header ${n} name`}
              spellCheck={false}
              onChange={(e) =>
                put(
                  i,
                  fromSecret ? { name: e.target.value, secret: h.secret } : { name: e.target.value, value: h.value },
                )
              }
            />
            <select
              className="wm-input wm-select"
              aria-label={`Header ${n} value comes from`}
              value={fromSecret ? 'secret' : 'value'}
              onChange={(e) =>
                put(i, e.target.value === 'secret' ? { name: h.name, secret: '' } : { name: h.name, value: '' })
              }
            >
              <option value="value">Value</option>
              <option value="secret">Secret</option>
            </select>
            <input
              className="wm-input wm-input--mono"
              value={fromSecret ? h.secret : h.value}
              placeholder={fromSecret ? 'LANGFUSE_AUTH' : 'acme'}
              aria-label={fromSecret ? `Header ${n} secret name` : `Header ${n} value`}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) =>
                put(i, fromSecret ? { name: h.name, secret: e.target.value } : { name: h.name, value: e.target.value })
              }
            />
            <Button
              icon="trash"
              label={`Remove header ${h.name || n}`}
              iconOnly
              size="sm"
              onClick={() => onChange(headers.filter((_, j) => j !== i))}
            />
          </div>
        );
      })}
      <div>
        <Button
          icon="plus"
          label="Add header"
          size="sm"
          onClick={() => onChange([...headers, { name: '', value: '' }])}
          data-testid="telemetry-add-header"
        />
      </div>
    </fieldset>
  );
}
