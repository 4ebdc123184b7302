/**
 * Ghost ports: outputs a step no longer has (a renamed or removed decision branch) but that
 * edges still leave by. Drawn struck through in red below the real ports, so the orphan edge
 * stays visible where it was, until it is reconnected or deleted. Nothing new connects here.
 */
import { Handle, Position } from '@xyflow/react';
import { portPhrase } from '../model/orphans';

export function GhostPorts({ id, ports, compact }: { id: string; ports: readonly string[]; compact: boolean }) {
  return (
    <>
      {ports.map((key) => (
        <div
          key={key}
          className="wm-port wm-port--orphan"
          title={`This step has no ${portPhrase(key)} any more: reconnect or delete its edge.`}
        >
          {!compact && <span className="wm-port__label">{key.startsWith('branch:') ? key.slice(7) : key}</span>}
          <Handle
            type="source"
            position={Position.Right}
            id={key}
            isConnectable={false}
            className="wm-handle wm-handle--orphan"
            data-testid={`handle-${id}-${key}`}
          />
        </div>
      ))}
    </>
  );
}
