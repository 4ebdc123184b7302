/**
 * Stamps events with run id, sequence and time, and holds them until the commit that
 * persists them; listeners only ever see events that are already durable.
 */
import type { EngineEvent, EventDraft } from '../../shared/events';
import type { Clock } from './ports';

export class EventBuffer {
  private pending: EngineEvent[] = [];
  // Events come in bursts within one millisecond; formatting the same instant once is
  // measurably cheaper on chains of fast steps (toISOString dominated push()).
  private lastMs = Number.NaN;
  private lastIso = '';

  constructor(
    private readonly runId: string,
    private seq: number,
    private readonly clock: Clock,
  ) {}

  push(draft: EventDraft): EngineEvent {
    const now = this.clock.now();
    if (now !== this.lastMs) {
      this.lastMs = now;
      this.lastIso = new Date(now).toISOString();
    }
    const e = { ...draft, runId: this.runId, seq: this.seq++, at: this.lastIso } as EngineEvent;
    this.pending.push(e);
    return e;
  }

  take(): EngineEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
