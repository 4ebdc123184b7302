/**
 * What each step returned in this workflow's most recent run that reached it (newest of
 * the last few runs), for "Pin from last run". Reads the run history through the API.
 */
import { useEffect, useState } from 'react';
import { api } from '../../bridge';
import { orToast } from '../store/call';

export interface LastOutput {
  output: unknown;
  port?: string;
  runId: string;
}

export function useLastOutputs(specId: string, nodeIds: readonly string[]): Record<string, LastOutput> {
  const [found, setFound] = useState<Record<string, LastOutput>>({});
  const key = nodeIds.join(',');
  useEffect(() => {
    if (!key) return;
    let live = true;
    void (async () => {
      const wanted = new Set(key.split(','));
      const runs = (await orToast(api.runs.list({ specId, limit: 10 }), 'Could not read the run history')) ?? [];
      const out: Record<string, LastOutput> = {};
      for (const r of runs) {
        if (!wanted.size) break;
        const detail = await orToast(api.runs.get({ runId: r.id }), `Could not read run ${r.id}`);
        for (const st of [...(detail?.steps ?? [])].reverse())
          if (wanted.has(st.nodeId) && st.status === 'completed' && st.output !== undefined) {
            out[st.nodeId] = { output: st.output, ...(st.port ? { port: st.port } : {}), runId: r.id };
            wanted.delete(st.nodeId);
          }
      }
      if (live) setFound(out);
    })();
    return () => {
      live = false;
    };
  }, [specId, key]);
  return found;
}
