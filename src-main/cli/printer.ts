/**
 * Reduces the engine's event stream to progress lines on stderr while a run is going.
 * The same events drive the desktop app's trace panel; here they become one line each.
 */
import type { EngineEvent } from '../../shared/events';
import { describeDecider } from '../../shared/identity';
import { cost, duration, tokens } from './format';

export interface Printer {
  onEvent(e: EngineEvent): void;
}

export function progressPrinter(write: (line: string) => void): Printer {
  return {
    onEvent(e) {
      switch (e.type) {
        case 'run.started':
          write(`▶ run ${e.runId} of "${e.specName}"${e.simulate ? ' (simulated: pinned outputs, no network)' : ''}`);
          break;
        case 'run.resumed':
          write(`↺ resuming run ${e.runId} at step ${e.fromStep}`);
          break;
        case 'run.taken-over':
          write(
            `⚑ taking run ${e.runId} over from ${e.previousOwner} (${e.reason === 'owner-gone' ? 'that process is gone' : `its lease expired; last heard from ${e.previousRenewedAt}`})`,
          );
          break;
        case 'approval.cancelled':
          write(`  ✘ ${e.nodeId}: approval ${e.approvalId} withdrawn (run cancelled by ${e.by})`);
          break;
        case 'step.started':
          break;
        case 'step.retried':
          write(
            `  ↻ ${e.nodeId}: attempt ${e.attempt} failed (${e.error.message}); retrying in ${duration(e.delayMs)}`,
          );
          break;
        case 'step.completed': {
          const u = e.usage;
          const approx = u?.estimated ? '≈' : '';
          const extra = u ? ` · ${approx}${tokens(u.inputTokens, u.outputTokens)} · ${approx}${cost(u.costUsd)}` : '';
          const branch = e.port.startsWith('branch:') ? ` → ${e.port.slice(7)}` : '';
          write(
            `  ✓ ${e.nodeId}${branch} · ${duration(e.latencyMs)}${e.attempts > 1 ? ` · ${e.attempts} attempts` : ''}${extra}${e.simulated ? ' · pinned' : ''}`,
          );
          break;
        }
        case 'step.failed':
          write(`  ✗ ${e.nodeId}: ${e.error.message}${e.handled ? ` → error path ${e.nextNodeId}` : ''}`);
          break;
        case 'decision.taken':
          write(`    ${e.rationale}`);
          break;
        case 'approval.requested':
          write(`  ⏸ ${e.nodeId}: ${e.message}`);
          break;
        case 'approval.resolved':
          write(
            `  ${e.decision === 'approved' ? '✔' : '✘'} ${e.nodeId} ${e.decision} by ${describeDecider(e.by, e.account)}${e.edited ? ' (payload edited)' : ''}${e.comment ? `: ${e.comment}` : ''}`,
          );
          break;
        case 'approval.escalated':
          write(`  ⇪ ${e.nodeId}: nobody decided in time; escalated to ${e.to.join(', ')} (${e.escalationId})`);
          break;
        case 'policy.checked':
          // Allowed calls are the normal case; print only what changes the run's course.
          if (e.decision === 'forbid') write(`  ⛔ ${e.nodeId}: ${e.rule}`);
          break;
        case 'budget.exceeded':
          write(
            `  ⛔ ${e.nodeId}: zone "${e.zone}" budget ${e.limit} exceeded: ${e.value} > ${e.max}${e.phase === 'before' ? ' (estimated before the call)' : ''}`,
          );
          break;
        case 'guardrail.checked':
          if (e.verdict !== 'clean')
            write(
              `    ⚑ ${e.nodeId}: guardrail ${e.verdict} (${[...new Set(e.findings.map((f) => f.kind))].join(', ')})`,
            );
          break;
        case 'run.paused':
          write(`  ⏯ paused before ${e.nodeId} (${e.reason})`);
          break;
        case 'state.edited':
          write(`  ✎ ${e.nodeId}: output edited by ${e.by}`);
          break;
        case 'step.waiting':
          write(
            `  ⏸ ${e.nodeId}: waiting (${e.state})${e.signal ? ` for signal "${e.signal}"` : e.on === 'webhook' ? ' for its webhook' : ''} until ${e.until}`,
          );
          break;
        case 'wait.fired':
          write(`  ⏰ ${e.nodeId}: woken (${e.cause}) by ${e.by}`);
          break;
        case 'secret.accessed':
          // Recorded (and audited) by name; nothing to say while a run is going.
          break;
        case 'run.waiting':
        case 'llm.call':
        case 'http.call':
        case 'run.finished':
          break;
        default: {
          const never: never = e;
          void never;
        }
      }
    },
  };
}
