/**
 * The "+" at the end of a free output port: opens the step picker, and the step picked
 * there is added to the right of the port, connected to it.
 */
import { memo } from 'react';
import { Icon } from '../ui/icons';
import { usePortAdd } from './usePortAdd';

export const PortAdd = memo(function PortAdd({
  nodeId,
  nodeName,
  handle,
  label,
}: {
  nodeId: string;
  nodeName: string;
  handle: string;
  label: string;
}) {
  const open = usePortAdd();
  return (
    <button
      type="button"
      className="wm-port__add nodrag nopan"
      aria-label={`Add a step after “${nodeName}” (${label})`}
      title={`Add a step after ${label}`}
      onClick={(e) => {
        e.stopPropagation();
        open(e.currentTarget, nodeId, handle);
      }}
      data-testid={`port-add-${nodeId}-${handle}`}
    >
      <Icon name="plus" size={12} />
    </button>
  );
});
