/**
 * Pure fakes of the engine's ports for tests and embedding examples: a real-time clock
 * that records requested sleeps, a seeded random source, scripted HTTP and LLM ports, and
 * a secrets map. Transport-level fakes (real servers on 127.0.0.1) live in test/fakes.
 */
import { StepError } from '../errors';
import type {
  Clock,
  HttpRequest,
  HttpResponse,
  HttpPort,
  LlmPort,
  LlmRequest,
  LlmResponse,
  RandomPort,
  SecretsPort,
} from '../ports';

/** Real time, but every sleep is recorded so tests can check the retry delays asked for. */
export class RecordingClock implements Clock {
  readonly sleeps: number[] = [];
  now(): number {
    return Date.now();
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(t);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** Deterministic random numbers (mulberry32) and sequential ids. */
export class SeededRandom implements RandomPort {
  private n = 0;
  constructor(private state = 42) {}
  random(): number {
    let t = (this.state += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  id(prefix: string): string {
    return `${prefix}_${++this.n}`;
  }
}

export type HttpScript = (req: HttpRequest, callNo: number) => HttpResponse | Promise<HttpResponse>;

/** An HttpPort answering from a script; records every request. */
export class ScriptedHttp implements HttpPort {
  readonly requests: HttpRequest[] = [];
  constructor(private script: HttpScript) {}
  async request(req: HttpRequest): Promise<HttpResponse> {
    this.requests.push(req);
    return this.script(req, this.requests.length);
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Never answers until aborted, like a hung server. */
export function hang(req: HttpRequest): Promise<never> {
  return new Promise((_, reject) =>
    req.signal?.addEventListener('abort', () => reject(req.signal?.reason), { once: true }),
  );
}

export type LlmScript = (req: LlmRequest, callNo: number) => string | LlmResponse | Promise<string | LlmResponse>;

/** An LlmPort answering from a script; usage is derived from text lengths when not given. */
export class ScriptedLlm implements LlmPort {
  readonly requests: LlmRequest[] = [];
  constructor(private script: LlmScript) {}
  async complete(req: LlmRequest): Promise<LlmResponse> {
    this.requests.push(req);
    const r = await this.script(req, this.requests.length);
    if (typeof r !== 'string') return r;
    const inputTokens = Math.ceil(req.messages.reduce((n, m) => n + m.content.length, 0) / 4);
    return { text: r, usage: { inputTokens, outputTokens: Math.ceil(r.length / 4) }, model: req.connector.model };
  }
}

export function mapSecrets(values: Record<string, string>): SecretsPort {
  return { get: (name) => (Object.hasOwn(values, name) ? values[name] : undefined) };
}

export const noHttp: HttpPort = {
  request: async (req) => {
    throw new StepError({ code: 'network', retryable: false, message: `unexpected HTTP call to ${req.url}` });
  },
};
export const noLlm: LlmPort = {
  complete: async (req) => {
    throw new StepError({
      code: 'network',
      retryable: false,
      message: `unexpected LLM call to ${req.connector.model}`,
    });
  },
};
