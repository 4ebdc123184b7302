/**
 * The toolbar over the step under the pointer (n8n-style): run this step, pause before it,
 * duplicate, delete, and "more…" (the step's context menu). Rendered only for the hovered
 * step, inside its node so moving onto the toolbar keeps it open.
 */
import { useReactFlow } from '@xyflow/react';
import { memo } from 'react';
import { displayKeys, keysOf } from '../app/shortcuts';
import { useRuns } from '../runs/store/runs-store';
import { Icon, type IconName } from '../ui/icons';
import { openMenu, useOverlay } from './overlay-store';
import { deleteStep, duplicateStep, runStep, toggleBreakpoint } from './step-actions';

function ToolButton({
  icon,
  label,
  onClick,
  pressed,
  testId,
}: {
  icon: IconName;
  label: string;
  onClick: (el: HTMLElement) => void;
  pressed?: boolean;
  testId: string;
}) {
  return (
    <button
      type="button"
      className={`wm-hovertb__btn nodrag nopan${pressed ? ' is-on' : ''}`}
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      onClick={(e) => {
        e.stopPropagation();
        onClick(e.currentTarget);
      }}
      data-testid={testId}
    >
      <Icon name={icon} size={14} />
    </button>
  );
}

function Toolbar({ id, name }: { id: string; name: string }) {
  const rf = useReactFlow();
  const bp = useRuns((s) => !!s.breakpoints[id]?.before);
  return (
    <div className="wm-hovertb" role="toolbar" aria-label={`Actions for “${name}”`} data-testid={`hover-toolbar-${id}`}>
      <ToolButton icon="play" label="Run this step" onClick={() => runStep(id)} testId="hover-run" />
      <ToolButton
        icon="breakpoint"
        label={`Pause before this step (${displayKeys(keysOf('breakpoint'))})`}
        pressed={bp}
        onClick={() => toggleBreakpoint(id)}
        testId="hover-breakpoint"
      />
      <ToolButton
        icon="copy"
        label={`Duplicate (${displayKeys(keysOf('duplicate'))})`}
        onClick={() => duplicateStep(id)}
        testId="hover-duplicate"
      />
      <ToolButton icon="trash" label="Delete" onClick={() => deleteStep(id)} testId="hover-delete" />
      <ToolButton
        icon="more"
        label="More actions…"
        onClick={(el) => {
          const r = el.getBoundingClientRect();
          const flow = rf.screenToFlowPosition({ x: r.left, y: r.bottom });
          openMenu({ kind: 'node', id, screen: { x: r.left, y: r.bottom + 4 }, flow });
        }}
        testId="hover-more"
      />
    </div>
  );
}

/** The toolbar for step `id` while the pointer is over it (nothing otherwise). */
export const HoverToolbar = memo(function HoverToolbar({ id, name }: { id: string; name: string }) {
  const hovered = useOverlay((s) => s.hovered === id);
  return hovered ? <Toolbar id={id} name={name} /> : null;
});
