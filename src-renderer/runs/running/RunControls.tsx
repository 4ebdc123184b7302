/**
 * The toolbar's run group: Run (opens the input form), Simulate, and — while a run is
 * live — Stop, Pause, Step and Continue; plus the side panel toggle with the pending
 * approvals badge.
 */
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { RunIcon, type RunIconName } from '../ui/run-icons';
import { useApprovals } from '../store/approvals-store';
import { continueRun, pauseRun, stepRun, stopRun } from '../store/run-actions';
import { isLive, useRuns } from '../store/runs-store';

function Tool({
  icon,
  label,
  onClick,
  disabled,
  variant = 'ghost',
  testId,
  children,
  pressed,
  className = '',
}: {
  icon: RunIconName;
  label: string;
  onClick(): void;
  disabled?: boolean;
  variant?: string;
  testId?: string;
  children?: ReactNode;
  pressed?: boolean;
  className?: string;
}) {
  return (
    <button
      type="button"
      className={`wm-btn wm-btn--${variant} wm-btn--md wm-runbtn ${className}`}
      title={label}
      onClick={onClick}
      disabled={disabled}
      data-testid={testId}
      aria-pressed={pressed}
    >
      <RunIcon name={icon} />
      <span className="wm-btn__label">{label}</span>
      {children}
    </button>
  );
}

export function RunControls() {
  const { status, busy, simulate, panelOpen, live } = useRuns(
    useShallow((s) => ({
      status: s.current?.status,
      busy: s.busy,
      simulate: s.simulate,
      panelOpen: s.panelOpen,
      live: isLive(s.current),
    })),
  );
  const pending = useApprovals((s) => s.pending.length);
  return (
    <div className="wm-toolbar__group wm-runctl" role="group" aria-label="Run">
      {/* Stop cancels a run executing here; a paused or waiting run is not executing (it
          continues, or is decided, or simply stays in the history). */}
      {status !== 'running' || !live ? (
        <Tool
          icon="play"
          label="Run"
          variant="primary"
          onClick={() => useRuns.setState({ inputOpen: true })}
          disabled={busy}
          testId="run"
        />
      ) : (
        <Tool icon="stop" label="Stop" variant="danger" onClick={() => void stopRun()} testId="stop" />
      )}
      <label className="wm-runctl__sim" title="Simulate: pinned outputs, no network">
        <input
          type="checkbox"
          checked={simulate}
          onChange={(e) => useRuns.setState({ simulate: e.target.checked })}
          aria-label="Simulate"
          data-testid="toolbar-simulate"
        />
        <span>Simulate</span>
      </label>
      {live && status === 'running' && (
        <Tool icon="pause" label="Pause" onClick={() => void pauseRun()} testId="pause" />
      )}
      {live && status === 'paused' && (
        <>
          <Tool icon="step" label="Step" onClick={() => void stepRun()} testId="step" />
          <Tool icon="cont" label="Continue" onClick={() => void continueRun()} testId="continue" />
        </>
      )}
      <Tool
        icon="trace"
        label="Runs"
        className="wm-runbtn--panel"
        onClick={() => useRuns.setState({ panelOpen: !panelOpen })}
        pressed={panelOpen}
        testId="toggle-runs"
      >
        {pending > 0 && (
          <span
            className="wm-badge"
            aria-label={`${pending} pending approval${pending > 1 ? 's' : ''}`}
            data-testid="approvals-badge"
          >
            {pending}
          </span>
        )}
      </Tool>
    </div>
  );
}
