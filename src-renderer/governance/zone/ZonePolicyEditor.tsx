/**
 * The zone inspector's policy sections: what runs unattended, which connectors and secrets
 * the zone may use, its budget per run and its approval rule. Every control edits through
 * the document store (undoable); the whole policy stays visible as JSON in the spec view.
 */
import { useShallow } from 'zustand/react/shallow';
import type { Zone } from '../../../shared/spec/schema';
import { Section } from '../../inspector/Section';
import { useDoc } from '../../store/doc-store';
import { specSecretNames } from '../model/secret-names';
import { AllowList, type AllowItem } from './AllowList';
import { ApprovalRuleFields } from './ApprovalRuleFields';
import { BudgetFields } from './BudgetFields';
import { RiskClassChoices } from './RiskClassChoices';

function budgetSummary(zone: Zone): string {
  const n = Object.keys(zone.policy.budget ?? {}).length;
  return n ? `${n} limit${n === 1 ? '' : 's'}` : 'none';
}

export function ZonePolicyEditor({ zone }: { zone: Zone }) {
  // Strings compare by value: the lists re-render only when connectors or secrets change.
  const connectorsKey = useDoc((s) =>
    JSON.stringify(
      Object.entries(s.spec.connectors).map(([name, c]): AllowItem => ({
        name,
        detail: `${c.kind === 'llm' ? `LLM · ${c.model}` : 'HTTP'}${c.risk ? ` · ${c.risk}` : ''}`,
      })),
    ),
  );
  const secrets = useDoc(useShallow((s) => specSecretNames(s.spec)));
  const connectors = JSON.parse(connectorsKey) as AllowItem[];
  return (
    <>
      <Section title="Autonomy" aside={<span className="wm-gov-aside">per risk class</span>}>
        <p className="wm-field__help">
          What steps in this zone may do without a human. Checked before every tool and model call, by the engine.
        </p>
        <RiskClassChoices zone={zone} />
      </Section>
      <Section
        title="Connectors and secrets"
        defaultOpen={zone.policy.connectors !== undefined || zone.policy.secrets !== undefined}
      >
        <AllowList zone={zone} listKey="connectors" noun="connector" items={connectors} />
        <AllowList zone={zone} listKey="secrets" noun="secret" items={secrets.map((name) => ({ name }))} />
      </Section>
      <Section title="Budget per run" aside={<span className="wm-gov-aside">{budgetSummary(zone)}</span>}>
        <BudgetFields zone={zone} />
      </Section>
      <Section
        title="Approvals"
        aside={<span className="wm-gov-aside">{zone.policy.approvals?.timeoutMs ? 'with timeout' : 'no timeout'}</span>}
      >
        <ApprovalRuleFields zone={zone} />
      </Section>
    </>
  );
}
