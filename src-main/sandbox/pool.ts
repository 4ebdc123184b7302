/**
 * The sandbox: a small pool of worker threads that run JSONata, JSON Schema checks and
 * guardrail scans for the engine (the `SandboxPort`). Each worker has a V8 heap cap
 * (`resourceLimits`); a job that passes its deadline gets its worker terminated — which
 * really stops it, even inside an endless loop — and the next job starts a fresh one. The
 * host thread never runs the work, so it keeps answering while a runaway job is stopped.
 */
import type { Worker } from 'node:worker_threads';
import type { ScreenOptions, ScreenResult } from '../engine/guardrails/screen';
import { SandboxLimitError } from '../engine/limits';
import type { SandboxPort, SchemaIssues } from '../engine/ports';
import type { JobMessage, SandboxJob, WorkerMessage } from './protocol';
import { spawnWorker } from './spawn';

export interface SandboxOptions {
  /** Workers running at once (default 2); further jobs queue. */
  workers?: number;
  /** V8 heap cap of each worker in MB (default 256). */
  memoryMb?: number;
  /** Largest result, as JSON, in MB (default 32). */
  maxResultMb?: number;
}

interface Pending {
  id: number;
  job: SandboxJob;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  resolve(value: unknown): void;
  reject(e: unknown): void;
  onQueuedAbort?: () => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Pending;
  timer?: NodeJS.Timeout;
  onAbort?: () => void;
}

export class WorkerSandbox implements SandboxPort {
  readonly memoryMb: number;
  private readonly maxWorkers: number;
  private readonly maxResultMb: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(opts: SandboxOptions = {}) {
    this.maxWorkers = Math.max(1, opts.workers ?? 2);
    this.memoryMb = opts.memoryMb ?? 256;
    this.maxResultMb = opts.maxResultMb ?? 32;
  }

  evaluate(source: string, scope: unknown, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
    return this.submit({ kind: 'evaluate', source, scope }, timeoutMs, signal);
  }

  validate(schema: object, value: unknown, timeoutMs: number, signal?: AbortSignal): Promise<SchemaIssues> {
    return this.submit({ kind: 'validate', schema, value }, timeoutMs, signal) as Promise<SchemaIssues>;
  }

  screen(
    value: unknown,
    options: ScreenOptions,
    path: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<ScreenResult> {
    return this.submit({ kind: 'screen', value, options, path }, timeoutMs, signal) as Promise<ScreenResult>;
  }

  /** Starts a worker if none is alive, so the first job finds one ready. */
  warm(): void {
    if (!this.closed && this.slots.size === 0) this.spawn();
  }

  /** Workers alive now (for tests and diagnostics). */
  get size(): number {
    return this.slots.size;
  }

  /** Stops every worker; queued and running jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the sandbox was closed'));
    await Promise.all([...this.slots].map((s) => this.kill(s, new Error('the sandbox was closed'))));
  }

  private submit(job: SandboxJob, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the sandbox was closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const p: Pending = { id: this.nextId++, job, timeoutMs, signal, resolve, reject };
      this.queue.push(p);
      if (signal) {
        // Aborted while still queued: leave the queue (a running job is handled by its slot).
        p.onQueuedAbort = () => {
          const i = this.queue.indexOf(p);
          if (i >= 0) {
            this.queue.splice(i, 1);
            reject(signal.reason);
          }
        };
        signal.addEventListener('abort', p.onQueuedAbort, { once: true });
      }
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length) {
      const idle = [...this.slots].find((s) => s.ready && !s.job);
      if (idle) {
        this.start(idle, this.queue.shift() as Pending);
        continue;
      }
      // Workers still starting will take queued jobs when they are ready.
      const starting = [...this.slots].filter((s) => !s.ready).length;
      if (this.slots.size < this.maxWorkers && starting < this.queue.length) this.spawn();
      else return;
    }
  }

  private spawn(): void {
    let worker: Worker;
    try {
      worker = spawnWorker({
        resourceLimits: { maxOldGenerationSizeMb: this.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      });
    } catch (e) {
      for (const p of this.queue.splice(0)) p.reject(new Error(`the sandbox could not start: ${(e as Error).message}`));
      return;
    }
    // Idle workers never keep a process alive; a running job's timer does.
    worker.unref();
    const slot: Slot = { worker, ready: false };
    this.slots.add(slot);
    worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    worker.on('error', (e: Error & { code?: string }) => {
      if (!slot.ready) return this.failStart(slot, e);
      const err =
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new SandboxLimitError('memory', this.memoryMb)
          : new Error(`the sandbox failed: ${e.message}`);
      this.finish(slot, err);
      this.slots.delete(slot);
    });
    worker.on('exit', () => {
      if (!slot.ready) return this.failStart(slot, new Error('the worker exited while starting'));
      this.finish(slot, new Error('the sandbox worker stopped unexpectedly'));
      this.slots.delete(slot);
      if (!this.closed) this.dispatch();
    });
  }

  /** A worker that cannot even start fails what is queued instead of being respawned forever. */
  private failStart(slot: Slot, e: Error): void {
    if (!this.slots.delete(slot)) return;
    for (const p of this.queue.splice(0)) p.reject(new Error(`the sandbox could not start: ${e.message}`));
  }

  private start(slot: Slot, p: Pending): void {
    if (p.signal && p.onQueuedAbort) p.signal.removeEventListener('abort', p.onQueuedAbort);
    if (p.signal?.aborted) {
      p.reject(p.signal.reason);
      return this.dispatch();
    }
    slot.job = p;
    slot.timer = setTimeout(() => void this.kill(slot, new SandboxLimitError('time', p.timeoutMs)), p.timeoutMs);
    if (p.signal) {
      const signal = p.signal;
      slot.onAbort = () => void this.kill(slot, signal.reason);
      signal.addEventListener('abort', slot.onAbort, { once: true });
    }
    const msg: JobMessage = { id: p.id, job: p.job, maxResultChars: this.maxResultMb * 1024 * 1024 };
    try {
      slot.worker.postMessage(msg);
    } catch (e) {
      // Not cloneable (a function or symbol in the data): the job's fault, not the worker's.
      this.finish(slot, new Error(`the data cannot be handed to the sandbox: ${(e as Error).message}`));
      this.dispatch();
    }
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    if ('ready' in m) {
      slot.ready = true;
      return this.dispatch();
    }
    const p = slot.job;
    if (!p || p.id !== m.id) return;
    if (m.ok) this.finish(slot, undefined, m.json === undefined ? undefined : JSON.parse(m.json));
    else this.finish(slot, m.tooLarge ? new SandboxLimitError('result', this.maxResultMb) : new Error(m.message));
    this.dispatch();
  }

  /** Settles the slot's job (if any) and frees the slot. */
  private finish(slot: Slot, error: unknown, value?: unknown): void {
    const p = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    if (p?.signal && slot.onAbort) p.signal.removeEventListener('abort', slot.onAbort);
    slot.job = undefined;
    slot.timer = undefined;
    slot.onAbort = undefined;
    if (!p) return;
    if (error !== undefined) p.reject(error);
    else p.resolve(value);
  }

  /** Terminates the slot's worker, failing its job with `error`; a fresh worker serves what is queued. */
  private async kill(slot: Slot, error: unknown): Promise<void> {
    this.finish(slot, error);
    this.slots.delete(slot);
    await slot.worker.terminate();
    if (!this.closed) this.dispatch();
  }
}
