/**
 * Telemetry for one process: the configuration in force, the export queue and exporter, and
 * a recorder per run store. The composition root (host/runtime.ts) attaches a recorder to
 * the engine's event listener; the CLI flushes at the end of a command; the hosts
 * reconfigure it when the app's settings change.
 */
import { randomBytes } from 'node:crypto';
import type { EngineEvent } from '../../shared/events';
import { SPAN_NAME, WAYMARK } from './conventions';
import { telemetryConfigFromEnv, type OtlpProtocol, type TelemetryConfig } from './config';
import { ContentPolicy } from './content';
import { ExportQueue, type ExportStats } from './export-queue';
import { otlpSender } from './otlp';
import { TraceRecorder, type TraceStore } from './recorder';
import type { SpanRecord } from './span-record';

/** What the telemetry panel and the CLI summary show. */
export interface TelemetryStatus extends ExportStats {
  enabled: boolean;
  url?: string;
  protocol?: OtlpProtocol;
  captureContent: boolean;
  /** Engine events not folded into spans (too many waiting, or a run's trace failed). */
  droppedEvents: number;
}

export class Telemetry {
  private config: TelemetryConfig;
  private queue: ExportQueue | undefined;
  private sender: ReturnType<typeof otlpSender> | undefined;
  private content: ContentPolicy;
  private readonly recorders = new Set<TraceRecorder>();
  /** Counters of queues replaced by a reconfiguration. */
  private carried: ExportStats = { exported: 0, dropped: 0, failed: 0, queued: 0 };
  private recorderErrors = 0;

  constructor(
    config: TelemetryConfig,
    private readonly log: (line: string) => void,
  ) {
    this.config = config;
    this.content = new ContentPolicy(config.captureContent, config.contentMaxChars);
    this.start();
  }

  get enabled(): boolean {
    return this.queue !== undefined;
  }

  /**
   * A recorder for the engine events of runs in `store`. Events are ignored while export is
   * off; a run met after it was turned on is rebuilt from the store, so nothing is half-traced.
   */
  attach(store: TraceStore): { onEvent: (e: EngineEvent) => void; detach: () => void } {
    const recorder = new TraceRecorder({
      store,
      sink: (spans) => this.enqueue(spans),
      content: () => this.content,
      onError: (message) => {
        this.recorderErrors++;
        if (this.recorderErrors === 1) this.log(`telemetry: ${message} (further errors are counted)`);
      },
    });
    this.recorders.add(recorder);
    return {
      onEvent: (e) => {
        if (this.queue) recorder.onEvent(e);
      },
      // Fold what is queued while the store is still open, then forget it.
      detach: () => {
        try {
          recorder.drain();
        } finally {
          this.recorders.delete(recorder);
        }
      },
    };
  }

  /** Queues finished spans (test spans and backfills use this too). */
  enqueue(spans: SpanRecord[]): void {
    this.queue?.enqueue(spans);
  }

  status(): TelemetryStatus {
    const now = this.queue?.snapshot() ?? { exported: 0, dropped: 0, failed: 0, queued: 0 };
    const t = this.config.target;
    return {
      enabled: this.enabled,
      ...(t ? { url: t.url, protocol: t.protocol } : {}),
      captureContent: this.config.captureContent,
      exported: this.carried.exported + now.exported,
      dropped: this.carried.dropped + now.dropped,
      failed: this.carried.failed + now.failed,
      queued: now.queued,
      ...((now.lastError ?? this.carried.lastError) !== undefined
        ? { lastError: (now.lastError ?? this.carried.lastError) as string }
        : {}),
      ...((now.lastExportAt ?? this.carried.lastExportAt) !== undefined
        ? { lastExportAt: (now.lastExportAt ?? this.carried.lastExportAt) as number }
        : {}),
      droppedEvents: this.recorderErrors + [...this.recorders].reduce((n, r) => n + r.droppedEvents, 0),
    };
  }

  /** Waits (up to `timeoutMs`) until every span folded so far has been sent. */
  async flush(timeoutMs = this.config.flushTimeoutMs): Promise<void> {
    for (const r of this.recorders) r.drain();
    await this.queue?.flush(timeoutMs);
  }

  /** Switches to a new configuration: the old queue is flushed (briefly) and closed. */
  async reconfigure(config: TelemetryConfig, flushTimeoutMs = 2000): Promise<void> {
    for (const r of this.recorders) r.drain();
    await this.stop(flushTimeoutMs);
    this.config = config;
    this.content = new ContentPolicy(config.captureContent, config.contentMaxChars);
    this.start();
  }

  /**
   * Sends one span straight to the collector (not through the queue) and says whether it
   * was accepted, and if not why: what a user runs to check a configuration.
   */
  async sendTestSpan(): Promise<{ delivered: boolean; url?: string; error?: string }> {
    const target = this.config.target;
    if (!target) return { delivered: false, error: 'export is off: no OTLP endpoint is configured' };
    const now = Date.now();
    const sender = otlpSender(target, this.config);
    try {
      const error = await sender.send([
        {
          traceId: randomBytes(16).toString('hex'),
          spanId: randomBytes(8).toString('hex'),
          name: SPAN_NAME.test,
          kind: 'internal',
          startMs: now,
          endMs: now,
          attributes: { [WAYMARK.testSpan]: true },
          events: [],
          links: [],
          status: { code: 'ok' },
        },
      ]);
      const network = sender.lastNetworkError();
      return error === undefined
        ? { delivered: true, url: target.url }
        : {
            delivered: false,
            url: target.url,
            error: network && !error.includes(network) ? `${error}: ${network}` : error,
          };
    } finally {
      await sender.shutdown();
    }
  }

  /** Flushes and stops exporting; returns the final counters. */
  async shutdown(timeoutMs = this.config.flushTimeoutMs): Promise<TelemetryStatus> {
    for (const r of this.recorders) r.drain();
    const wasOn = this.enabled;
    await this.stop(timeoutMs);
    return { ...this.status(), enabled: wasOn };
  }

  private start(): void {
    const target = this.config.target;
    if (!target) return;
    const sender = otlpSender(target, this.config);
    this.sender = sender;
    this.queue = new ExportQueue(sender.send, this.config.queue, this.log);
  }

  private async stop(timeoutMs: number): Promise<void> {
    const queue = this.queue;
    if (!queue) return;
    this.queue = undefined;
    const final = await queue.close(timeoutMs);
    const sender = this.sender;
    this.sender = undefined;
    const network = sender?.lastNetworkError();
    const lastError =
      final.lastError && network && !final.lastError.includes(network)
        ? `${final.lastError}: ${network}`
        : final.lastError;
    this.carried = {
      exported: this.carried.exported + final.exported,
      dropped: this.carried.dropped + final.dropped,
      failed: this.carried.failed + final.failed,
      queued: 0,
      ...(lastError !== undefined ? { lastError } : {}),
      ...(final.lastExportAt !== undefined ? { lastExportAt: final.lastExportAt } : {}),
    };
    // Bounded inside: a hung collector does not hold us past the flush (its sockets are cut).
    await sender?.shutdown();
  }
}

/**
 * The telemetry the standard OTEL_* variables describe, or undefined while export is off.
 * Settings it cannot honour are logged (one sentence each) and never stop anything.
 */
export function telemetryFromEnv(env: NodeJS.ProcessEnv, log: (line: string) => void): Telemetry | undefined {
  const { config, problems } = telemetryConfigFromEnv(env);
  for (const p of problems) log(`telemetry: ${p}`);
  return config.target ? new Telemetry(config, log) : undefined;
}
