/**
 * Loads one run's audit entries (or the whole chain) in pages of {@link PAGE}, in chain
 * order, and the result of the last chain verification. Entries of a live run keep
 * arriving, so the log reloads shortly after that run's events move on.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiResults, AuditEntryView } from '../../../shared/api';
import { orToast } from '../../runs/store/call';
import { useRuns } from '../../runs/store/runs-store';
import { api } from '../../bridge';

export const PAGE = 500;

export interface AuditLog {
  entries: AuditEntryView[];
  loading: boolean;
  /** The last page was full: there may be more. */
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
  verify(): void;
  verifying: boolean;
  verified: ApiResults['audit.verify'] | null;
}

/** `runId` null = every run's entries (the whole chain). */
export function useAuditLog(runId: string | null): AuditLog {
  const [entries, setEntries] = useState<AuditEntryView[]>([]);
  const [loading, setLoading] = useState(false);
  const [hasMore, setHasMore] = useState(false);
  const [verifying, setVerifying] = useState(false);
  const [verified, setVerified] = useState<ApiResults['audit.verify'] | null>(null);
  // Answers for a run the user has already left are dropped.
  const token = useRef(0);

  const load = useCallback(
    async (afterSeq: number, append: boolean) => {
      const mine = ++token.current;
      setLoading(true);
      const page = await orToast(
        api.audit.list({ ...(runId ? { runId } : {}), afterSeq, limit: PAGE }),
        'Could not load the audit log',
      );
      if (mine !== token.current) return;
      setLoading(false);
      if (!page) return;
      setEntries((cur) => (append ? [...cur, ...page] : page));
      setHasMore(page.length === PAGE);
    },
    [runId],
  );

  useEffect(() => {
    setEntries([]);
    setVerified(null);
    void load(0, false);
  }, [load]);

  // A live run: its entries follow its events (debounced; a run emits them in bursts).
  const liveSeq = useRuns((s) => (s.current && s.current.runId === runId ? s.current.lastSeq : -1));
  useEffect(() => {
    if (liveSeq < 0) return;
    const t = setTimeout(() => void load(0, false), 400);
    return () => clearTimeout(t);
  }, [liveSeq, load]);

  const verify = useCallback(async () => {
    setVerifying(true);
    const r = await orToast(api.audit.verify(), 'Could not verify the audit chain');
    setVerifying(false);
    if (r) setVerified(r);
  }, []);

  return {
    entries,
    loading,
    hasMore,
    loadMore: () => void load(entries.at(-1)?.seq ?? 0, true),
    reload: () => void load(0, false),
    verify: () => void verify(),
    verifying,
    verified,
  };
}
