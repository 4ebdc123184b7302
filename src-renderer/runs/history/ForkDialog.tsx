/**
 * Fork from a completed step: a new run that reuses the recorded outputs up to it (nothing
 * before it runs again, so no side effect repeats) and continues live — optionally with
 * the step's output edited first. The new run opens on the canvas.
 */
import { useEffect, useState } from 'react';
import { Dialog } from '../../app/Dialog';
import { LazyCode } from '../../monaco/LazyCode';
import { Button } from '../../ui/Button';
import { parseJson } from '../debug/EditOutput';
import { orToast } from '../store/call';
import { openRun } from '../store/run-actions';
import { useRuns } from '../store/runs-store';
import { stringify } from '../ui/JsonView';
import { api } from '../../bridge';

export function ForkDialog() {
  const fork = useRuns((s) => s.fork);
  const [original, setOriginal] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [edit, setEdit] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!fork) return;
    setEdit(false);
    void orToast(
      api.runs.watch({ runId: fork.runId, stepIdx: fork.stepIdx, expressions: [`nodes.${fork.nodeId}`] }),
      'Could not read the step output',
    ).then((r) => {
      const v = stringify(r?.[0]?.value ?? null);
      setOriginal(v);
      setText(v);
    });
  }, [fork]);
  if (!fork) return null;
  const close = () => useRuns.setState({ fork: null });
  const parsed = parseJson(text);
  const submit = async () => {
    if (edit && !parsed.ok) return;
    setBusy(true);
    const edits = edit && parsed.ok && text !== original ? { [fork.nodeId]: parsed.value } : undefined;
    const r = await orToast(
      api.runs.fork({ runId: fork.runId, fromStep: fork.stepIdx, ...(edits ? { edits } : {}) }),
      'Could not fork',
    );
    setBusy(false);
    if (!r) return;
    close();
    await openRun(r.runId);
  };
  return (
    <Dialog
      title={`Fork ${fork.runId} after step ${fork.stepIdx}`}
      onClose={close}
      className="wm-dialog--wide"
      testId="fork-dialog"
    >
      <p className="wm-muted">
        Steps 0–{fork.stepIdx} are reused as recorded (no side effect repeats); the fork continues live after{' '}
        <strong>{fork.nodeId}</strong>.
      </p>
      <label className="wm-check">
        <input type="checkbox" checked={edit} onChange={(e) => setEdit(e.target.checked)} data-testid="fork-edit" />{' '}
        Edit the output of {fork.nodeId} first
      </label>
      {edit && (
        <>
          <LazyCode
            value={text}
            onChange={setText}
            language="json"
            path={`inmemory://waymark/fork-${fork.runId}-${fork.stepIdx}.json`}
            ariaLabel={`Output of ${fork.nodeId}`}
            minLines={6}
            maxLines={18}
            lineNumbers
            testId="fork-editor"
          />
          {!parsed.ok && <p className="wm-field__error">{parsed.error}</p>}
        </>
      )}
      <div className="wm-actions">
        <Button label="Cancel" onClick={close} />
        <Button
          variant="primary"
          label="Fork and run"
          disabled={busy || (edit && !parsed.ok)}
          onClick={() => void submit()}
          data-testid="fork-submit"
        />
      </div>
    </Dialog>
  );
}
