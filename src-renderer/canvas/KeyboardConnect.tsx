/**
 * Connecting from the keyboard: with a step selected, the `connect` shortcut (C) opens
 * this chooser beside it. Pick the output port (the first free one is preselected), type
 * to narrow the target steps, arrows move, Enter connects. A refused connection stays open
 * and says why, in the same words as a refused drag.
 */
import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { edgePortKey } from '../../shared/spec/graph';
import type { FlowEdge, FlowNode } from '../model/flow-mapping';
import { handleId, hasInput, nodePorts, portLabel } from '../model/ports';
import { DEFAULT_NODE_SIZE } from '../model/zones';
import { connect, sizeOf } from '../store/actions';
import { useDoc } from '../store/doc-store';
import { toast } from '../store/ui-store';
import { Icon } from '../ui/icons';
import { NO_CANVAS_KEYS } from '../ui/keyboard';
import { PickerSearch } from './PickerSearch';
import { closeOverlays, useOverlay } from './overlay-store';
import { useCloseOutside, useFocusReturn, usePopupPlacement } from './popup';

export function KeyboardConnectHost() {
  const source = useOverlay((s) => s.connectFrom);
  return source ? <KeyboardConnect key={source} source={source} /> : null;
}

function KeyboardConnect({ source }: { source: string }) {
  const spec = useDoc((s) => s.spec);
  const rf = useReactFlow<FlowNode, FlowEdge>();
  const node = spec.nodes.find((n) => n.id === source);
  const ports = useMemo(() => (node ? nodePorts(node) : []), [node]);
  const taken = useMemo(
    () => new Set(spec.edges.filter((e) => e.source === source).map((e) => edgePortKey(e))),
    [spec.edges, source],
  );
  const [port, setPort] = useState(() => {
    const free = ports.find((p) => !taken.has(handleId(p))) ?? ports[0];
    return free ? handleId(free) : '';
  });
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [refusal, setRefusal] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const restoreFocus = useFocusReturn();

  // Beside the step's right edge, on screen (fixed for the chooser's life).
  const [at] = useState(() => {
    if (!node) return { x: 200, y: 200 };
    const size = sizeOf(node.id) ?? DEFAULT_NODE_SIZE;
    return rf.flowToScreenPosition({ x: node.position.x + size.width + 16, y: node.position.y });
  });
  const pos = usePopupPlacement(box, at);
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

  const targets = useMemo(() => {
    const q = query.trim().toLowerCase();
    return spec.nodes
      .filter((n) => n.id !== source && hasInput(n))
      .filter((n) => !q || n.name.toLowerCase().includes(q) || n.id.toLowerCase().includes(q))
      .sort((a, b) => {
        const ra = q && a.name.toLowerCase().startsWith(q) ? 0 : 1;
        const rb = q && b.name.toLowerCase().startsWith(q) ? 0 : 1;
        return ra - rb;
      });
  }, [spec.nodes, source, query]);
  const current = targets[Math.min(active, targets.length - 1)];

  if (!node) return null;
  const connectTo = (target: string) => {
    const v = connect({ source, sourceHandle: port, target });
    if (!v.ok) {
      setRefusal(v.reason);
      return;
    }
    const to = spec.nodes.find((n) => n.id === target)?.name ?? target;
    closeOverlays();
    restoreFocus();
    toast(`Connected “${node.name}” to “${to}”.`, 'success');
  };

  const onKey = (e: KeyboardEvent) => {
    const n = targets.length;
    if (e.key === 'ArrowDown' && n) setActive((a) => (a + 1) % n);
    else if (e.key === 'ArrowUp' && n) setActive((a) => (a - 1 + n) % n);
    else if (e.key === 'Enter') {
      if (current) connectTo(current.id);
    } else if (e.key === 'Escape') cancel();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const optionId = (id: string) => `${listId}-${id}`;
  const title = `Connect “${node.name}”`;

  return createPortal(
    <div
      ref={box}
      className={`wm-picker wm-connect ${NO_CANVAS_KEYS}`}
      role="dialog"
      aria-label={title}
      style={pos ? { left: pos.x, top: pos.y } : { left: at.x, top: at.y, visibility: 'hidden' }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          cancel();
        }
      }}
      data-testid="connect-chooser"
    >
      <div className="wm-picker__title">{title}</div>
      {ports.length > 1 && (
        <label className="wm-connect__port">
          <span>From port</span>
          <select
            value={port}
            onChange={(e) => {
              setPort(e.target.value);
              setRefusal(null);
            }}
            aria-label="From port"
          >
            {ports.map((p) => (
              <option key={handleId(p)} value={handleId(p)}>
                {portLabel(p)}
                {taken.has(handleId(p)) ? ' (connected)' : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <PickerSearch
        inputRef={input}
        value={query}
        onChange={(v) => {
          setQuery(v);
          setActive(0);
          setRefusal(null);
        }}
        onKeyDown={onKey}
        listId={listId}
        activeId={current ? optionId(current.id) : undefined}
        expanded={targets.length > 0}
        label="Target step"
        placeholder="Connect to…"
      />
      {refusal && (
        <p className="wm-connect__refusal" role="alert" data-testid="connect-refusal">
          <Icon name="error" size={14} /> {refusal}
        </p>
      )}
      <div
        className="wm-picker__list"
        id={listId}
        role={targets.length ? 'listbox' : undefined}
        aria-label={targets.length ? 'Target steps' : undefined}
      >
        {targets.map((t) => (
          <div
            key={t.id}
            id={optionId(t.id)}
            role="option"
            aria-selected={t === current}
            className={`wm-picker__item${t === current ? ' is-active' : ''}`}
            onPointerMove={() => setActive(targets.indexOf(t))}
            onClick={() => connectTo(t.id)}
            ref={t === current ? (el) => el?.scrollIntoView({ block: 'nearest' }) : undefined}
          >
            <span className="wm-picker__text">
              <span className="wm-picker__name">{t.name}</span>
              <span className="wm-picker__desc">{t.id}</span>
            </span>
          </div>
        ))}
        {!targets.length && (
          <p className="wm-picker__none" role="status">
            {query ? `No step matches “${query}”.` : 'No other step can take a connection yet: add one first.'}
          </p>
        )}
      </div>
      <div className="wm-picker__hint" aria-hidden="true">
        <kbd className="wm-kbd">↑</kbd>
        <kbd className="wm-kbd">↓</kbd> choose <kbd className="wm-kbd">Enter</kbd> connect{' '}
        <kbd className="wm-kbd">Esc</kbd> cancel
      </div>
    </div>,
    document.body,
  );
}
