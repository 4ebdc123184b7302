/**
 * The events behind one span, read from storage by seq (spans keep summaries only). A
 * step's events are its seq range; the run span needs its first and last event (input and
 * outcome), not the 100,000 in between. Results are cached per run and range.
 */
import { useEffect, useState } from 'react';
import { MAX_EVENT_PAGE } from '../../../shared/api';
import type { EngineEvent } from '../../../shared/events';
import { api } from '../../bridge';
import type { Span } from '../model/spans';
import { errorMessage } from '../store/call';

const cache = new Map<string, EngineEvent[]>();

async function page(runId: string, from: number, to: number): Promise<EngineEvent[]> {
  const key = `${runId}:${from}:${to}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const limit = Math.max(1, Math.min(MAX_EVENT_PAGE, to - from + 1));
  const r = await api.runs.events({ runId, afterSeq: from - 1, limit });
  const events = r.events.filter((e) => e.seq <= to);
  if (cache.size > 64) cache.delete(cache.keys().next().value as string);
  cache.set(key, events);
  return events;
}

export type SpanEvents =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ok'; events: EngineEvent[] };

export function useSpanEvents(runId: string | undefined, span: Span | undefined, stamp: string): SpanEvents {
  const [out, setOut] = useState<SpanEvents>({ state: 'loading' });
  const from = span?.firstSeq ?? -1;
  const to = span?.lastSeq ?? -1;
  const isRun = span?.kind === 'run';
  const live = span?.status === 'running' || span?.status === 'waiting';
  useEffect(() => {
    if (!runId || from < 0) return;
    let alive = true;
    setOut({ state: 'loading' });
    // A live span's range still grows: read it fresh rather than from the cache.
    if (live) for (const k of cache.keys()) if (k.startsWith(`${runId}:${from}:`)) cache.delete(k);
    const load = isRun
      ? Promise.all([page(runId, from, from), page(runId, to, to)]).then(([a, b]) => [...a, ...(to > from ? b : [])])
      : page(runId, from, to);
    load.then(
      (events) => alive && setOut({ state: 'ok', events }),
      (e: unknown) => alive && setOut({ state: 'error', message: errorMessage(e) }),
    );
    return () => {
      alive = false;
    };
  }, [runId, from, to, isRun, live, stamp]);
  return out;
}
