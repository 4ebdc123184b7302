/**
 * What the run controls do: start (with the remembered input and breakpoints), stop,
 * pause, step, continue, resume, open a past run on its spec snapshot, go back to the
 * document, and the trace panel's selection. Each action is one API call plus store updates.
 */
import { stringifySpec } from '../../../shared/spec/canonical';
import type { WorkflowSpec } from '../../../shared/spec/schema';
import { select, useDoc } from '../../store/doc-store';
import { toast } from '../../store/ui-store';
import { orToast } from './call';
import { followRun, forgetRun } from './event-pump';
import { isLive, trace, useRuns, type Breakpoint, type RunsTab } from './runs-store';
import { api } from '../../bridge';

export function breakpointLists(bps: Readonly<Record<string, Breakpoint>>): { before: string[]; after: string[] } {
  const entries = Object.entries(bps);
  return {
    before: entries.filter(([, b]) => b.before).map(([id]) => id),
    after: entries.filter(([, b]) => b.after).map(([id]) => id),
  };
}

export function openPanel(tab: RunsTab): void {
  useRuns.setState({ panelOpen: true, tab });
}

/** Starts the current document with `input`; the canvas follows the new run. */
export async function startRun(input: unknown): Promise<boolean> {
  const { spec } = useDoc.getState();
  const { simulate, breakpoints } = useRuns.getState();
  useRuns.setState({ busy: true });
  const r = await orToast(
    api.runs.start({ text: stringifySpec(spec), input, simulate, breakpoints: breakpointLists(breakpoints) }),
    'The run did not start',
  );
  useRuns.setState({ busy: false });
  if (!r) return false;
  useRuns.setState({ viewing: null, panelOpen: true, tab: 'trace', inputOpen: false });
  await followRun(r.runId, spec);
  return true;
}

const currentId = () => useRuns.getState().current?.runId;

export async function stopRun(): Promise<void> {
  const runId = currentId();
  if (!runId) return;
  const r = await orToast(api.runs.cancel({ runId }), 'Could not stop the run');
  if (r?.requested)
    toast(`Asked ${r.drivenBy ?? 'the process driving it'} to stop the run; it stops at its next step.`);
  else if (r && !r.cancelled) toast('The run has already finished.');
}

export async function pauseRun(): Promise<void> {
  const runId = currentId();
  if (runId) await orToast(api.runs.pause({ runId }), 'Could not pause');
}

export async function stepRun(): Promise<void> {
  const runId = currentId();
  if (runId) await orToast(api.runs.step({ runId }), 'Could not step');
}

export async function continueRun(): Promise<void> {
  const runId = currentId();
  if (runId) await orToast(api.runs.continue({ runId }), 'Could not continue');
}

/** Opens a run: its trace in the panel and its path painted on the spec snapshot it ran. */
export async function openRun(runId: string): Promise<void> {
  const detail = await orToast(api.runs.get({ runId }), `Could not open run ${runId}`);
  if (!detail) return;
  useRuns.setState({ viewing: { runId, spec: detail.spec }, panelOpen: true, tab: 'trace' });
  const upTo = detail.run.forkedFromStep;
  await followRun(runId, detail.spec, upTo !== undefined ? { steps: detail.steps, upTo } : undefined);
}

/** Resumes an interrupted run and follows it on its snapshot. */
export async function resumeRun(runId: string): Promise<void> {
  const r = await orToast(api.runs.resume({ runId }), `Could not resume ${runId}`);
  if (r) await openRun(runId);
}

/** Leaves the snapshot view; the canvas shows the document again (and no run). */
export function backToDocument(): void {
  forgetRun();
}

/** F5: continue a paused run, else open the Run dialog (unless a run is executing here). */
export function runOrContinue(): void {
  const run = useRuns.getState().current;
  if (run?.status === 'paused') void continueRun();
  else if (!isLive(run) || run?.status !== 'running') useRuns.setState({ inputOpen: true });
}

/** F10: one step of a paused run. */
export function stepIfPaused(): void {
  if (useRuns.getState().current?.status === 'paused') void stepRun();
}

/** F9: toggles "pause before" on the one selected step. */
export function toggleBreakpointOnSelection(): void {
  const sel = useDoc.getState().selection.nodes;
  const id = sel.length === 1 ? sel[0] : undefined;
  if (id) setBreakpoint(id, 'before', !useRuns.getState().breakpoints[id]?.before);
}

/** Sets a node's breakpoint flags; a live run picks them up from its next step. */
export function setBreakpoint(nodeId: string, which: keyof Breakpoint, on: boolean): void {
  const cur = useRuns.getState().breakpoints;
  const next: Breakpoint = { ...cur[nodeId] };
  if (on) next[which] = true;
  else delete next[which];
  const all = { ...cur };
  if (next.before || next.after) all[nodeId] = next;
  else delete all[nodeId];
  useRuns.setState({ breakpoints: all });
  const run = useRuns.getState().current;
  if (run && (run.status === 'running' || run.status === 'paused'))
    void orToast(
      api.runs.setBreakpoints({ runId: run.runId, breakpoints: breakpointLists(all) }),
      'Could not update breakpoints',
    );
}

/** Selects a span; its node is selected on the canvas (the document's, or the snapshot's). */
export function selectSpan(index: number | null): void {
  useRuns.setState({ selectedSpan: index });
  const span = index === null ? undefined : trace.tree.spans[index];
  if (span?.nodeId && !useRuns.getState().viewing) select({ nodes: [span.nodeId], edges: [], zones: [] });
}

export function toggleCollapsed(index: number): void {
  const next = new Set(useRuns.getState().collapsed);
  if (next.has(index)) next.delete(index);
  else next.add(index);
  useRuns.setState({ collapsed: next });
}

/** The spec the canvas shows: the snapshot being viewed, else the document. */
export function shownSpec(): WorkflowSpec {
  return useRuns.getState().viewing?.spec ?? useDoc.getState().spec;
}
