/**
 * The step picker: opened by "+" on an output port, by dropping a connection on empty
 * canvas, or by the canvas menu's "Add step". It lists the served node catalog grouped as
 * in the palette, with a search box that filters as you type (arrows move, Enter picks,
 * Escape cancels and adds nothing). Picking adds the step where the request says, connected
 * from the port it came from.
 */
import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useNodeCatalog } from '../catalog/catalog';
import { portLabel, nodePorts, handleId } from '../model/ports';
import { useDoc } from '../store/doc-store';
import { NO_CANVAS_KEYS } from '../ui/keyboard';
import { addStep, placementPoint } from './add-step';
import { groupItems, itemOf, type CatalogItem } from './catalog-groups';
import { PickerSearch } from './PickerSearch';
import { closeOverlays, useOverlay, type PickerRequest } from './overlay-store';
import { useCloseOutside, useFocusReturn, usePopupPlacement } from './popup';

export function StepPickerHost() {
  const req = useOverlay((s) => s.picker);
  return req ? <StepPicker req={req} /> : null;
}

function useFromLabel(req: PickerRequest): string {
  return useDoc((s) => {
    if (!req.from) return 'Add a step';
    const node = s.spec.nodes.find((n) => n.id === req.from?.source);
    if (!node) return 'Add a step';
    const port = nodePorts(node).find((p) => handleId(p) === req.from?.handle);
    return `Add after “${node.name}”${port ? ` · ${portLabel(port)}` : ''}`;
  });
}

function StepPicker({ req }: { req: PickerRequest }) {
  const catalog = useNodeCatalog();
  const rf = useReactFlow();
  const [query, setQuery] = useState('');
  // null: the best match for the search (a title starting with it), else the first item.
  const [picked, setActive] = useState<number | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  // The picker opens for typing: the search has focus at once.
  const listId = useId();
  const restoreFocus = useFocusReturn();
  const title = useFromLabel(req);
  const groups = useMemo(
    () =>
      groupItems(
        catalog
          .list()
          .map(itemOf)
          .filter((i) => !(req.from && i.entry)),
        query,
      ),
    [catalog, query, req.from],
  );
  const flat = useMemo(() => groups.flatMap((g) => g.items), [groups]);
  const best = useMemo(() => {
    const q = query.trim().toLowerCase();
    return Math.max(0, q ? flat.findIndex((i) => i.title.toLowerCase().startsWith(q) || i.type === q) : 0);
  }, [flat, query]);
  const active = picked ?? best;
  const pos = usePopupPlacement(box, req.screen);
  // Focus once placed (a hidden element cannot take focus).
  const placed = pos !== null;
  useEffect(() => {
    if (placed) input.current?.focus({ preventScroll: true });
  }, [placed]);
  const cancel = useCallback(() => {
    closeOverlays();
    restoreFocus();
  }, [restoreFocus]);
  useCloseOutside(box, cancel);

  const pick = (item: CatalogItem) => {
    closeOverlays();
    addStep(item.type, placementPoint(req.place, req.from), req.from, rf);
  };

  const onKey = (e: KeyboardEvent) => {
    const n = flat.length;
    if (e.key === 'ArrowDown' && n) setActive((active + 1) % n);
    else if (e.key === 'ArrowUp' && n) setActive((active - 1 + n) % n);
    else if (e.key === 'Home' && n && !query) setActive(0);
    else if (e.key === 'End' && n && !query) setActive(n - 1);
    else if (e.key === 'Enter') {
      const item = flat[Math.min(active, n - 1)];
      if (item) pick(item);
    } else if (e.key === 'Escape') cancel();
    else if (e.key === 'Tab') {
      // Focus stays in the picker: Tab moves through the list like the arrows.
      if (n) setActive((active + (e.shiftKey ? n - 1 : 1)) % n);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const current = flat[Math.min(active, flat.length - 1)];
  const optionId = (type: string) => `${listId}-${type.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return createPortal(
    <div
      ref={box}
      className={`wm-picker ${NO_CANVAS_KEYS}`}
      role="dialog"
      aria-label={title}
      style={pos ? { left: pos.x, top: pos.y } : { left: req.screen.x, top: req.screen.y, visibility: 'hidden' }}
      data-testid="step-picker"
    >
      <div className="wm-picker__title">{title}</div>
      <PickerSearch
        inputRef={input}
        value={query}
        onChange={(v) => {
          setQuery(v);
          setActive(null);
        }}
        onKeyDown={onKey}
        listId={listId}
        activeId={current ? optionId(current.type) : undefined}
        expanded={flat.length > 0}
        label="Search step types"
        placeholder="Search steps…"
      />
      <div
        className="wm-picker__list"
        id={listId}
        role={flat.length ? 'listbox' : undefined}
        aria-label={flat.length ? 'Step types' : undefined}
      >
        {groups.map((g) => (
          <div key={g.id} role="group" aria-labelledby={`${listId}-g-${g.id}`} className="wm-picker__group">
            <div id={`${listId}-g-${g.id}`} className="wm-picker__heading" role="presentation">
              {g.label}
            </div>
            {g.items.map((item) => {
              const isActive = item === current;
              return (
                <div
                  key={item.type}
                  id={optionId(item.type)}
                  role="option"
                  aria-selected={isActive}
                  className={`wm-picker__item wm-cat-${item.category}${isActive ? ' is-active' : ''}`}
                  onPointerMove={() => setActive(flat.indexOf(item))}
                  onClick={() => pick(item)}
                  data-testid={`picker-${item.type}`}
                  ref={isActive ? (el) => el?.scrollIntoView({ block: 'nearest' }) : undefined}
                >
                  <span className="wm-picker__icon" aria-hidden="true">
                    {item.icon}
                  </span>
                  <span className="wm-picker__text">
                    <span className="wm-picker__name">{item.title}</span>
                    <span className="wm-picker__desc">{item.description}</span>
                  </span>
                </div>
              );
            })}
          </div>
        ))}
        {!flat.length && (
          <p className="wm-picker__none" role="status">
            No step matches “{query}”.
          </p>
        )}
      </div>
      <div className="wm-picker__hint" aria-hidden="true">
        <kbd className="wm-kbd">↑</kbd>
        <kbd className="wm-kbd">↓</kbd> choose <kbd className="wm-kbd">Enter</kbd> add <kbd className="wm-kbd">Esc</kbd>{' '}
        cancel
      </div>
    </div>,
    document.body,
  );
}
