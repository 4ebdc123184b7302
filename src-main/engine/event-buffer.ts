/**
 * Stamps events with run id, sequence and time, and holds them until the commit that
 * persists them; listeners only ever see events that are already durable.
 */
import type { EngineEvent, EventDraft } from '../../shared/events';
import type { Clock } from './ports';

export class EventBuffer {
  private pending: EngineEvent[] = [];

  constructor(
    private readonly runId: string,
    private seq: number,
    private readonly clock: Clock,
  ) {}

  push(draft: EventDraft): EngineEvent {
    const e = { ...draft, runId: this.runId, seq: this.seq++, at: new Date(this.clock.now()).toISOString() } as EngineEvent;
    this.pending.push(e);
    return e;
  }

  take(): EngineEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
