/**
 * The bounded queue between the trace builders and the OTLP exporter. It never blocks and
 * never throws into its caller: spans beyond `maxQueueSize` are dropped and counted; a batch
 * the exporter fails to deliver (after its own retries) is counted as failed; the first
 * failure is logged (with what to check), later ones only counted until an export succeeds
 * again. One export is in flight at a time, in batches of at most `maxBatchSize`, sent after
 * `scheduleDelayMs` or as soon as a batch is full.
 *
 * Why not the SDK's BatchSpanProcessor: it takes spans from a live tracer and keeps its drop
 * count private. Waymark's spans are built after the fact from recorded events (ids and
 * times included), and drops must be visible (CLI summary, the app's telemetry panel).
 */
import type { SpanRecord } from './span-record';

/** Sends one batch; resolves with an error message when it was not delivered. Must not throw. */
export type BatchSender = (spans: SpanRecord[]) => Promise<string | undefined>;

export interface QueueOptions {
  /** OTEL_BSP_MAX_QUEUE_SIZE; default 2048. */
  maxQueueSize: number;
  /** OTEL_BSP_MAX_EXPORT_BATCH_SIZE; default 512. */
  maxBatchSize: number;
  /** OTEL_BSP_SCHEDULE_DELAY; default 1000 ms (the SDK's 5000 is long for a run you watch). */
  scheduleDelayMs: number;
}

export const DEFAULT_QUEUE: QueueOptions = { maxQueueSize: 2048, maxBatchSize: 512, scheduleDelayMs: 1000 };

/** What the queue did since it was created. */
export interface ExportStats {
  /** Spans the collector accepted. */
  exported: number;
  /** Spans dropped because the queue was full. */
  dropped: number;
  /** Spans sent but not delivered (collector down, refused, timed out). */
  failed: number;
  /** Spans waiting or in flight. */
  queued: number;
  /** The last delivery error, until a later export succeeds. */
  lastError?: string;
  /** Epoch ms of the last successful export. */
  lastExportAt?: number;
}

export class ExportQueue {
  private queue: SpanRecord[] = [];
  private inFlight: Promise<void> | undefined;
  private inFlightCount = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly stats = { exported: 0, dropped: 0, failed: 0 };
  private lastError: string | undefined;
  private lastExportAt: number | undefined;
  private failing = false;
  private closed = false;
  /** Set when `close` gave up the batch in flight. */
  private abandoned = false;

  constructor(
    private readonly send: BatchSender,
    private readonly opts: QueueOptions,
    /** Where the first failure of a streak (and drops) are reported. */
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Queues spans for export; drops (and counts) what does not fit. Never throws. */
  enqueue(spans: readonly SpanRecord[]): void {
    if (this.closed) {
      this.stats.dropped += spans.length;
      return;
    }
    const room = Math.max(0, this.opts.maxQueueSize - this.queue.length - this.inFlightCount);
    if (spans.length > room) {
      if (this.stats.dropped === 0)
        this.log(
          `telemetry: the export queue is full (${this.opts.maxQueueSize} spans); dropping spans until the collector catches up (OTEL_BSP_MAX_QUEUE_SIZE raises the limit)`,
        );
      this.stats.dropped += spans.length - room;
    }
    for (let i = 0; i < Math.min(room, spans.length); i++) this.queue.push(spans[i] as SpanRecord);
    if (this.queue.length >= this.opts.maxBatchSize) this.kick();
    else this.arm();
  }

  /** Counters and the last error, for the CLI summary and the app's telemetry panel. */
  snapshot(): ExportStats {
    return {
      ...this.stats,
      queued: this.queue.length + this.inFlightCount,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
      ...(this.lastExportAt !== undefined ? { lastExportAt: this.lastExportAt } : {}),
    };
  }

  /**
   * Sends everything queued; resolves when the queue is empty or after `timeoutMs`, whichever
   * comes first (what is left stays queued, or counts as dropped at `close`).
   */
  async flush(timeoutMs: number): Promise<void> {
    const deadline = this.now() + timeoutMs;
    while (this.queue.length || this.inFlight) {
      const left = deadline - this.now();
      if (left <= 0) return;
      if (!this.inFlight) this.kick();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        this.inFlight,
        new Promise<void>((r) => {
          timer = setTimeout(r, left);
        }),
      ]);
      clearTimeout(timer);
    }
  }

  /** Flushes (up to `timeoutMs`), then refuses further spans; what was not sent counts as dropped. */
  async close(timeoutMs: number): Promise<ExportStats> {
    await this.flush(timeoutMs);
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.stats.dropped += this.queue.length;
    this.queue = [];
    if (this.inFlight) {
      // Given up: the batch counts as not delivered, whatever its request does later.
      this.stats.failed += this.inFlightCount;
      this.lastError ??= `the collector did not answer within ${timeoutMs} ms`;
      this.abandoned = true;
    }
    return { ...this.snapshot(), queued: 0 };
  }

  private arm(): void {
    if (this.timer || this.inFlight) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, this.opts.scheduleDelayMs);
    // A pending export must not keep a finished CLI command alive; it flushes explicitly.
    this.timer.unref?.();
  }

  private kick(): void {
    if (this.inFlight || !this.queue.length) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = this.queue.splice(0, this.opts.maxBatchSize);
    this.inFlightCount = batch.length;
    this.inFlight = this.deliver(batch).finally(() => {
      this.inFlight = undefined;
      this.inFlightCount = 0;
      if (this.queue.length >= this.opts.maxBatchSize) this.kick();
      else if (this.queue.length) this.arm();
    });
  }

  private async deliver(batch: SpanRecord[]): Promise<void> {
    let error: string | undefined;
    try {
      error = await this.send(batch);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (this.abandoned) return;
    if (error === undefined) {
      this.stats.exported += batch.length;
      this.lastExportAt = this.now();
      this.lastError = undefined;
      if (this.failing) this.log(`telemetry: exporting again (${this.stats.failed} span(s) were not delivered)`);
      this.failing = false;
      return;
    }
    this.stats.failed += batch.length;
    this.lastError = error;
    if (!this.failing)
      this.log(`telemetry: could not export spans: ${error} (further failures are counted, not logged)`);
    this.failing = true;
  }
}
