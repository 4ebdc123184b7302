/**
 * Settings → OpenTelemetry export: where run traces go (an OTLP/HTTP collector such as
 * Langfuse, Phoenix, Jaeger or an OpenTelemetry Collector), how, with which headers, and
 * whether message content is recorded. Saved in the backend (they then win over its OTEL_*
 * environment); a header's credential is named by secret, never typed here, so no value
 * ever reaches the renderer. "Send test span" checks the collector answers.
 */
import { useEffect, useState } from 'react';
import type { TelemetryHeader, TelemetrySettings, TelemetryState } from '../../shared/telemetry-settings';
import { OTLP_PROTOCOL_CHOICES, TELEMETRY_OFF } from '../../shared/telemetry-settings';
import { errorText } from '../app/error-text';
import { api } from '../bridge';
import { Button } from '../ui/Button';
import { Icon } from '../ui/icons';
import { HeaderRows } from './HeaderRows';

const PROTOCOL_LABEL: Record<(typeof OTLP_PROTOCOL_CHOICES)[number], string> = {
  'http/protobuf': 'OTLP/HTTP protobuf (default)',
  'http/json': 'OTLP/HTTP JSON',
};

type Test = { delivered: boolean; url?: string; error?: string };

function StatusLine({ state }: { state: TelemetryState }) {
  const s = state.status;
  if (!s.enabled)
    return (
      <p className="wm-settings__status" data-testid="telemetry-status">
        <span className="wm-settings__dot" aria-hidden="true" /> Export is off
      </p>
    );
  return (
    <p className="wm-settings__status is-on" data-testid="telemetry-status">
      <span className="wm-settings__dot" aria-hidden="true" />
      <span>
        Exporting to <code>{s.url}</code> · {s.exported} span{s.exported === 1 ? '' : 's'} sent
        {s.dropped ? ` · ${s.dropped} dropped` : ''}
        {s.failed ? ` · ${s.failed} failed` : ''}
        {s.queued ? ` · ${s.queued} queued` : ''}
      </span>
    </p>
  );
}

export function TelemetrySection() {
  const [state, setState] = useState<TelemetryState | undefined>();
  const [form, setForm] = useState<TelemetrySettings>(TELEMETRY_OFF);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [test, setTest] = useState<Test | 'sending' | undefined>();
  const [saved, setSaved] = useState(false);

  const load = (next: TelemetryState) => {
    setState(next);
    setForm(next.settings);
  };
  useEffect(() => {
    api.telemetry.get().then(load, (e: unknown) => setError(errorText(e)));
  }, []);

  const set = (patch: Partial<TelemetrySettings>) => {
    setForm((f) => ({ ...f, ...patch }));
    setSaved(false);
    setTest(undefined);
  };
  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      // Rows left without a name are dropped rather than refused: an empty row is not a header.
      const headers = form.headers.filter((h) => h.name.trim() !== '');
      load(await api.telemetry.configure({ ...form, headers }));
      setSaved(true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  const reset = async () => {
    setError(undefined);
    try {
      load(await api.telemetry.reset());
      setSaved(false);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const sendTest = async () => {
    setTest('sending');
    try {
      setTest(await api.telemetry.test());
    } catch (e) {
      setTest({ delivered: false, error: errorText(e) });
    }
  };

  if (!state && !error) return <p className="wm-muted">Loading…</p>;
  return (
    <section className="wm-settings__section" aria-labelledby="wm-settings-otel" data-testid="telemetry-settings">
      <div className="wm-settings__sechead">
        <h3 id="wm-settings-otel">OpenTelemetry export</h3>
        {state && <StatusLine state={state} />}
      </div>
      <p className="wm-field__help">
        Every run is sent as a trace (a span per step, GenAI attributes on model calls) to an OTLP/HTTP collector:
        Langfuse, Arize Phoenix, Jaeger or an OpenTelemetry Collector. Exporting never slows or fails a run.
      </p>
      {state?.source === 'environment' && (
        <p className="wm-gov-note" data-testid="telemetry-source">
          <Icon name="warning" size={15} />
          <span>
            In force from this backend&apos;s <code>OTEL_EXPORTER_OTLP_*</code> environment variables (their headers are
            not shown). Saving here overrides them; “Use environment” brings them back.
          </span>
        </p>
      )}
      <label className="wm-toggle">
        <input
          type="checkbox"
          checked={form.enabled}
          onChange={(e) => set({ enabled: e.target.checked })}
          data-testid="telemetry-enabled"
        />
        <span className="wm-toggle__track" aria-hidden="true" />
        <span>Export runs as OpenTelemetry traces</span>
      </label>
      <div className="wm-field">
        <label className="wm-field__label" htmlFor="wm-otel-endpoint">
          Collector endpoint
        </label>
        <input
          id="wm-otel-endpoint"
          className="wm-input wm-input--mono"
          value={form.endpoint}
          placeholder="http://localhost:4318"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => set({ endpoint: e.target.value })}
          aria-describedby="wm-otel-endpoint-help"
          data-testid="telemetry-endpoint"
        />
        <span className="wm-field__help" id="wm-otel-endpoint-help">
          The base URL; <code>/v1/traces</code> is added unless the URL already ends with it. OTLP/gRPC (port 4317) is
          not supported: use the collector&apos;s HTTP port, usually 4318.
        </span>
      </div>
      <div className="wm-settings__pair">
        <div className="wm-field">
          <label className="wm-field__label" htmlFor="wm-otel-protocol">
            Encoding
          </label>
          <select
            id="wm-otel-protocol"
            className="wm-input wm-select"
            value={form.protocol}
            onChange={(e) => set({ protocol: e.target.value as TelemetrySettings['protocol'] })}
            data-testid="telemetry-protocol"
          >
            {OTLP_PROTOCOL_CHOICES.map((p) => (
              <option key={p} value={p}>
                {PROTOCOL_LABEL[p]}
              </option>
            ))}
          </select>
        </div>
        <div className="wm-field">
          <label className="wm-field__label" htmlFor="wm-otel-service">
            Service name
          </label>
          <input
            id="wm-otel-service"
            className="wm-input"
            value={form.serviceName ?? ''}
            placeholder="waymark"
            onChange={(e) => set(e.target.value ? { serviceName: e.target.value } : { serviceName: undefined })}
            data-testid="telemetry-service"
          />
        </div>
      </div>
      <HeaderRows headers={form.headers} onChange={(headers: TelemetryHeader[]) => set({ headers })} />
      <label className="wm-toggle">
        <input
          type="checkbox"
          checked={form.captureContent}
          onChange={(e) => set({ captureContent: e.target.checked })}
          data-testid="telemetry-content"
        />
        <span className="wm-toggle__track" aria-hidden="true" />
        <span>Record prompts, completions and step outputs (personal data and secrets are redacted)</span>
      </label>
      {state && state.problems.length > 0 && (
        <ul className="wm-settings__problems" role="status" data-testid="telemetry-problems">
          {state.problems.map((p) => (
            <li key={p}>
              <Icon name="warning" size={14} /> {p}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="wm-field__error" role="alert" data-testid="telemetry-error">
          {error}
        </p>
      )}
      <div className="wm-actions wm-settings__actions">
        <Button
          variant="primary"
          label={saving ? 'Saving…' : 'Save'}
          onClick={() => void save()}
          disabled={saving}
          data-testid="telemetry-save"
        />
        <Button
          variant="secondary"
          label={test === 'sending' ? 'Sending…' : 'Send test span'}
          onClick={() => void sendTest()}
          disabled={test === 'sending' || !state?.status.enabled}
          title={state?.status.enabled ? 'Send one span to the collector now' : 'Save with export on first'}
          data-testid="telemetry-test"
        />
        {state?.source === 'settings' && (
          <Button label="Use environment" onClick={() => void reset()} data-testid="telemetry-reset" />
        )}
        {saved && (
          <span className="wm-settings__ok" role="status">
            <Icon name="check" size={14} /> Saved
          </span>
        )}
      </div>
      {test && test !== 'sending' && (
        <p
          className={test.delivered ? 'wm-settings__test is-ok' : 'wm-settings__test is-bad'}
          role="status"
          data-testid="telemetry-test-result"
        >
          <Icon name={test.delivered ? 'check' : 'error'} size={14} />
          {test.delivered ? `The collector at ${test.url} accepted the test span.` : `Not delivered: ${test.error}`}
        </p>
      )}
    </section>
  );
}
