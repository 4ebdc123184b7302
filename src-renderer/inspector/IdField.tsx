/**
 * A read-only id with an explicit "Rename id" action. Ids are referenced elsewhere (edges,
 * `nodes.<id>` in expressions, zone membership), so renaming is a refactoring that updates
 * those references in one undoable step, never a plain text edit.
 */
import { useState } from 'react';
import { Button } from '../ui/Button';
import { Field } from './fields/Field';

export function IdField({
  id,
  value,
  help,
  rename,
}: {
  id: string;
  value: string;
  help: string;
  rename(to: string): string | undefined;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string>();
  if (!editing) {
    return (
      <Field
        id={id}
        label="Id"
        help={help}
        actions={
          <Button
            label="Rename id"
            size="sm"
            onClick={() => (setDraft(value), setError(undefined), setEditing(true))}
          />
        }
      >
        <input id={id} className="wm-input wm-input--mono" value={value} readOnly aria-readonly="true" />
      </Field>
    );
  }
  const apply = () => {
    const err = rename(draft.trim());
    if (err) setError(err);
    else setEditing(false);
  };
  return (
    <Field id={id} label="New id" error={error} help="References are updated too.">
      <div className="wm-inline">
        <input
          id={id}
          className="wm-input wm-input--mono"
          value={draft}
          autoFocus
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') apply();
            if (e.key === 'Escape') setEditing(false);
          }}
        />
        <Button label="Apply" variant="primary" size="sm" onClick={apply} />
        <Button label="Cancel" size="sm" onClick={() => setEditing(false)} />
      </div>
    </Field>
  );
}
