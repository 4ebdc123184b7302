/**
 * How a node runs: retry policy (attempts, backoff, jitter), timeout and autonomy zone.
 */
import type { RetryPolicy, SpecNode } from '../../shared/spec/schema';
import { setNodeFields } from '../store/actions';
import { useDoc } from '../store/doc-store';
import { Field } from './fields/Field';
import { NumberInput, Select, Toggle } from './fields/inputs';
import { Section } from './Section';

const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  initialDelayMs: 500,
  backoffMultiplier: 2,
  maxDelayMs: 30_000,
  jitter: 0.2,
};

export function ExecutionSection({ node }: { node: SpecNode }) {
  const zones = useDoc((s) => s.spec.zones);
  const id = node.id;
  const retry = node.retry;
  const setRetry = (patch: Partial<RetryPolicy>) =>
    retry && setNodeFields(id, { retry: { ...retry, ...patch } }, 'retry');
  return (
    <Section title="Execution" defaultOpen={!!(retry || node.timeoutMs || node.zone)}>
      <Field
        id={`zone-${id}`}
        label="Autonomy zone"
        help="What this step may do without a human is set by its zone's policy."
      >
        <Select
          id={`zone-${id}`}
          value={node.zone}
          options={zones.map((z) => ({ value: z.id, label: z.name }))}
          emptyLabel="Outside every zone (read-only)"
          onChange={(v) => setNodeFields(id, { zone: v }, 'zone')}
        />
      </Field>
      <Field id={`timeout-${id}`} label="Step timeout (ms)" help="Per attempt. Empty: the workflow default.">
        <NumberInput
          id={`timeout-${id}`}
          value={node.timeoutMs}
          min={1}
          max={3_600_000}
          onChange={(v) => setNodeFields(id, { timeoutMs: v }, 'timeoutMs')}
        />
      </Field>
      <Toggle
        id={`retry-${id}`}
        label="Retry on failure"
        checked={!!retry}
        onChange={(on) => setNodeFields(id, { retry: on ? DEFAULT_RETRY : undefined }, 'retry')}
      />
      {retry && (
        <div className="wm-grid2">
          <Field id={`retry-max-${id}`} label="Attempts">
            <NumberInput
              id={`retry-max-${id}`}
              value={retry.maxAttempts}
              min={1}
              max={20}
              onChange={(v) => v !== undefined && setRetry({ maxAttempts: v })}
            />
          </Field>
          <Field id={`retry-delay-${id}`} label="First delay (ms)">
            <NumberInput
              id={`retry-delay-${id}`}
              value={retry.initialDelayMs}
              min={0}
              onChange={(v) => v !== undefined && setRetry({ initialDelayMs: v })}
            />
          </Field>
          <Field id={`retry-mult-${id}`} label="Backoff ×">
            <NumberInput
              id={`retry-mult-${id}`}
              value={retry.backoffMultiplier}
              min={1}
              max={10}
              onChange={(v) => v !== undefined && setRetry({ backoffMultiplier: v })}
            />
          </Field>
          <Field id={`retry-maxd-${id}`} label="Max delay (ms)">
            <NumberInput
              id={`retry-maxd-${id}`}
              value={retry.maxDelayMs}
              min={0}
              onChange={(v) => v !== undefined && setRetry({ maxDelayMs: v })}
            />
          </Field>
          <Field id={`retry-jitter-${id}`} label="Jitter (0–1)">
            <NumberInput
              id={`retry-jitter-${id}`}
              value={retry.jitter}
              min={0}
              max={1}
              onChange={(v) => v !== undefined && setRetry({ jitter: v })}
            />
          </Field>
        </div>
      )}
    </Section>
  );
}
