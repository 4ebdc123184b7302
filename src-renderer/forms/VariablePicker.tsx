/**
 * The variable picker beside every expression and template field: browse the run input,
 * the previous step and the outputs of the steps before this one (see variables.ts), and
 * insert a path at the cursor — inside `{{ }}` in a template. Keyboard: the button opens
 * a searchable list (type to filter, ↑/↓ to move, Enter to insert, Escape to close);
 * each entry can also be dragged into any code field.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { insideTemplateHole } from '../monaco/completions';
import { insertIntoEditor, textBeforeCursor, VARIABLE_MIME } from '../monaco/editor-registry';
import { useDoc } from '../store/doc-store';
import { useLastOutputs } from '../runs/running/useLastOutputs';
import { filterVariables, insertion, variablesAt, type Variable } from './variables';

export function VariablePicker({
  path,
  label,
  nodeId,
  template,
}: {
  /** Model path of the code field to insert into. */
  path: string;
  label: string;
  nodeId?: string;
  template: boolean;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div className="wm-varpick">
      <button
        ref={button}
        type="button"
        className="wm-varpick__btn"
        aria-label={`Insert a variable into ${label}`}
        aria-expanded={open}
        aria-haspopup="dialog"
        title="Insert a variable: the run input or an earlier step's output"
        onClick={() => setOpen(!open)}
      >
        {'{x}'}
      </button>
      {open && (
        <VariableList
          path={path}
          label={label}
          nodeId={nodeId}
          template={template}
          close={(refocus) => {
            setOpen(false);
            if (refocus) button.current?.focus();
          }}
        />
      )}
    </div>
  );
}

function VariableList({
  path,
  label,
  nodeId,
  template,
  close,
}: {
  path: string;
  label: string;
  nodeId?: string;
  template: boolean;
  close(refocus: boolean): void;
}) {
  const spec = useDoc((s) => s.spec);
  // Steps with no schema and no pin: their fields from this workflow's latest run.
  const unknown = useMemo(
    () => spec.nodes.filter((n) => !n.pinned && !n.config.outputSchema && !n.config.responseSchema).map((n) => n.id),
    [spec.nodes],
  );
  const last = useLastOutputs(spec.id, unknown);
  const lastRun = useMemo(() => Object.fromEntries(Object.entries(last).map(([k, v]) => [k, v.output])), [last]);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const groups = useMemo(
    () => filterVariables(variablesAt(spec, nodeId, lastRun), query),
    [spec, nodeId, lastRun, query],
  );
  const flat = useMemo(() => groups.flatMap((g) => g.items), [groups]);
  const search = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => search.current?.focus(), []);
  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    const away = (e: MouseEvent) => {
      if (box.current && !box.current.parentElement?.contains(e.target as Node)) close(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [close]);
  const text = (v: Variable) => insertion(v.path, template, template && insideTemplateHole(textBeforeCursor(path)));
  const insert = (v: Variable) => {
    const t = text(v);
    close(false);
    insertIntoEditor(path, t);
  };
  const listId = `${path.replace(/\W+/g, '-')}-vars`;
  const optionId = (i: number) => `${listId}-${i}`;
  let index = -1;
  return (
    <div className="wm-varpick__pop" role="dialog" aria-label={`Variables for ${label}`} ref={box}>
      <input
        ref={search}
        className="wm-input wm-varpick__search"
        role="combobox"
        aria-label="Find a variable"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={flat.length ? optionId(active) : undefined}
        placeholder="Find a field…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(flat.length - 1, a + 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
          else if (e.key === 'Enter' && flat[active]) insert(flat[active]);
          else if (e.key === 'Escape') close(true);
          else return;
          e.preventDefault();
          e.stopPropagation();
        }}
      />
      <div className="wm-varpick__list" id={listId} role="listbox" aria-label="Variables">
        {groups.length === 0 && <p className="wm-varpick__empty">No field matches “{query}”.</p>}
        {groups.map((g) => (
          <div key={g.title} role="group" aria-label={g.title} className="wm-varpick__group">
            <div className="wm-varpick__head" aria-hidden="true">
              <span>{g.title}</span>
              <span className="wm-varpick__source">{g.source}</span>
            </div>
            {g.items.map((v) => {
              index++;
              const i = index;
              return (
                <div
                  key={v.path}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  className={`wm-varpick__item${i === active ? ' is-active' : ''}`}
                  style={{ paddingLeft: 10 + v.depth * 12 }}
                  draggable
                  onDragStart={(e) => {
                    e.dataTransfer.setData('text/plain', text(v));
                    e.dataTransfer.setData(VARIABLE_MIME, v.path);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onMouseEnter={() => setActive(i)}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => insert(v)}
                  data-path={v.path}
                >
                  <span className="wm-varpick__label">{v.label}</span>
                  <span className="wm-varpick__detail">{v.detail}</span>
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
