/**
 * Editing a node's output at a pause: the JSON in Monaco, applied with runs.editState (the
 * engine records it as its own step, with who did it), then Continue or Step uses it.
 */
import { useState } from 'react';
import { LazyCode } from '../../monaco/LazyCode';
import { Button } from '../../ui/Button';
import { setApprover, useApprovals } from '../store/approvals-store';
import { orToast } from '../store/call';
import { toast } from '../../store/ui-store';
import { stringify } from '../ui/JsonView';
import { api } from '../../bridge';

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

export function EditOutput({
  runId,
  nodeId,
  output,
  onDone,
}: {
  runId: string;
  nodeId: string;
  output: unknown;
  onDone(): void;
}) {
  const [text, setText] = useState(() => stringify(output));
  const by = useApprovals((s) => s.approver);
  const parsed = parseJson(text);
  const apply = async () => {
    if (!parsed.ok || !by.trim()) return;
    const r = await orToast(
      api.runs.editState({ runId, nodeId, output: parsed.value, by: by.trim() }),
      'Could not edit the output',
    );
    if (r) {
      toast(`Output of ${nodeId} replaced; Continue or Step to use it.`, 'success');
      onDone();
    }
  };
  return (
    <div className="wm-editbox" data-testid="edit-output-box">
      <LazyCode
        value={text}
        onChange={setText}
        language="json"
        path={`inmemory://waymark/edit-${runId}-${nodeId}.json`}
        ariaLabel={`New output of ${nodeId}`}
        minLines={4}
        maxLines={16}
        lineNumbers
      />
      {!parsed.ok && <p className="wm-field__error">{parsed.error}</p>}
      <div className="wm-inline">
        <input
          className="wm-input"
          aria-label="Your name (recorded with the edit)"
          placeholder="Your name"
          value={by}
          onChange={(e) => setApprover(e.target.value)}
        />
        <Button
          variant="primary"
          size="sm"
          label="Apply edit"
          disabled={!parsed.ok || !by.trim()}
          onClick={() => void apply()}
          data-testid="apply-edit"
        />
        <Button size="sm" label="Cancel" onClick={onDone} />
      </div>
    </div>
  );
}
