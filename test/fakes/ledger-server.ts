/**
 * A realistic "orders + payments" API for side-effect tests (rules in ledger-model.ts):
 *
 * - `GET  /orders/:id`       → the seeded order, or 404
 * - `POST /refunds`          `{ orderId, amountCents, reason? }` → 201 refund (one effect per Idempotency-Key)
 * - `POST /payments`         `{ amountCents, currency, customer, orderId? }` → 201 payment
 * - `GET  /ledger`           → `{ effects, deliveries, duplicates, rejected }`
 * - `POST /_control/fail`    `{ count, status?, when?, retryAfter? }` → the same as `failNext`
 * - `POST /_control/reset`   → back to the seed
 *
 * A replayed key answers the original status and body with `idempotent-replayed: true`.
 *
 * Standalone (for e2e): `node --import tsx test/fakes/ledger-server.ts --port 0` prints the
 * base URL as the first line on stdout and serves until SIGINT/SIGTERM.
 */
import type http from 'node:http';
import { pathToFileURL } from 'node:url';
import type { LedgerSnapshot, Order, Reply } from './ledger-model';
import { Ledger } from './ledger-model';
import type { Started } from './serve';
import { flatHeaders, listen, readBody, send, tryJson } from './serve';

export type { LedgerEffect, LedgerSnapshot, Order, OrderItem } from './ledger-model';
export { DEFAULT_ORDERS } from './ledger-model';

/**
 * Failure injection for the next `count` API requests (control and /ledger excluded):
 * - `before` (default): answer `status` without touching the ledger (the request was lost);
 * - `after`: apply the request, then answer `status` anyway (the *response* was lost), the
 *   case where only an idempotency key prevents a double effect on retry.
 */
export interface FailureInjection {
  status?: number;
  when?: 'before' | 'after';
  retryAfter?: string;
}

export interface LedgerServerOptions {
  orders?: Order[];
  port?: number;
  /** Delay before answering API requests, after the effect is applied: a window in which a killed client never sees the response. */
  delayMs?: number;
  /**
   * A flaky ledger, deterministic per idempotency key: the first `failures(key)` requests
   * carrying a key are answered 503 (with `retryAfter` when given) before touching the
   * ledger. Whoever sends them, and however often a client crashes in between, a key sees
   * exactly that many failures: a client that retries enough always gets through.
   */
  flaky?: { failures(key: string): number; retryAfter?: (key: string, n: number) => string | undefined };
}

export interface LoggedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  at: number;
}

export interface LedgerServer extends Started {
  ledger(): LedgerSnapshot;
  /** Every API request received (control routes excluded), in arrival order. */
  requests(): LoggedRequest[];
  failNext(count: number, how?: FailureInjection): void;
  /** Restores the seeded orders and empties the ledger and the idempotency store. */
  reset(): void;
}

/** Starts the server on 127.0.0.1 (ephemeral port unless `port` is given). */
export async function startLedgerServer(options: LedgerServerOptions = {}): Promise<LedgerServer> {
  const ledger = new Ledger(options.orders);
  const log: LoggedRequest[] = [];
  let failures: { left: number; status: number; when: 'before' | 'after'; retryAfter?: string } = {
    left: 0,
    status: 503,
    when: 'before',
  };
  const failNext = (count: number, how: FailureInjection = {}): void => {
    failures = { left: count, status: how.status ?? 503, when: how.when ?? 'before', retryAfter: how.retryAfter };
  };

  /** Requests seen per idempotency key (for the flaky schedule). */
  const seen = new Map<string, number>();
  const started = await listen((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const control = controlRoute(path, req.method ?? 'GET', raw, ledger, failNext);
      if (control) return send(res, control.status, control.body);
      const key = flatHeaders(req)['idempotency-key'] ?? null;
      log.push({ method: req.method ?? 'GET', path, idempotencyKey: key, at: Date.now() });
      if (options.flaky && key) {
        const n = (seen.get(key) ?? 0) + 1;
        seen.set(key, n);
        if (n <= options.flaky.failures(key)) {
          ledger.rejected++;
          const retryAfter = options.flaky.retryAfter?.(key, n);
          return send(
            res,
            503,
            { error: 'service_unavailable', message: `flaky failure ${n} for ${key}` },
            retryAfter ? { 'retry-after': retryAfter } : {},
          );
        }
      }

      let inject: typeof failures | undefined;
      if (failures.left > 0) {
        failures.left--;
        inject = failures;
      }
      const headers: Record<string, string> = inject?.retryAfter ? { 'retry-after': inject.retryAfter } : {};
      const injected = inject ? { error: 'service_unavailable', message: 'injected failure' } : undefined;
      if (inject?.when === 'before') {
        ledger.rejected++;
        return send(res, inject.status, injected, headers);
      }
      const { reply, replayed } = route(req, path, raw, ledger);
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      if (inject) return send(res, inject.status, injected, headers);
      send(res, reply.status, reply.body, replayed ? { 'idempotent-replayed': 'true' } : {});
    })().catch(() => req.socket.destroy());
  }, options.port ?? 0);

  return {
    ...started,
    ledger: () => ledger.snapshot(),
    requests: () => [...log],
    failNext,
    reset: () => ledger.reset(),
  };
}

function controlRoute(
  path: string,
  method: string,
  raw: string,
  ledger: Ledger,
  failNext: (n: number, how?: FailureInjection) => void,
): Reply | undefined {
  if (method === 'GET' && path === '/ledger') return { status: 200, body: ledger.snapshot() };
  if (method === 'POST' && path === '/_control/reset') {
    ledger.reset();
    return { status: 200, body: { ok: true } };
  }
  if (method === 'POST' && path === '/_control/fail') {
    const b = tryJson(raw);
    if (typeof b !== 'object' || b === null || !('count' in b) || typeof b.count !== 'number')
      return { status: 400, body: { error: 'expected { count: number, status?, when?, retryAfter? }' } };
    const how: FailureInjection = {
      ...('status' in b && typeof b.status === 'number' ? { status: b.status } : {}),
      ...('when' in b && (b.when === 'before' || b.when === 'after') ? { when: b.when } : {}),
      ...('retryAfter' in b && typeof b.retryAfter === 'string' ? { retryAfter: b.retryAfter } : {}),
    };
    failNext(b.count, how);
    return { status: 200, body: { ok: true } };
  }
  return undefined;
}

function route(
  req: http.IncomingMessage,
  path: string,
  raw: string,
  ledger: Ledger,
): { reply: Reply; replayed: boolean } {
  const method = req.method ?? 'GET';
  const order = /^\/orders\/([^/]+)$/.exec(path);
  if (method === 'GET' && order?.[1]) {
    const found = ledger.orders.get(decodeURIComponent(order[1]));
    return {
      reply: found
        ? { status: 200, body: found }
        : { status: 404, body: { error: 'order_not_found', message: `no order ${order[1]}` } },
      replayed: false,
    };
  }
  if (method === 'POST' && (path === '/refunds' || path === '/payments')) {
    const body = tryJson(raw);
    if (body === undefined)
      return { reply: { status: 400, body: { error: 'invalid_json', message: 'body must be JSON' } }, replayed: false };
    const key = flatHeaders(req)['idempotency-key'] ?? null;
    return ledger.deliver(key, path, body, () =>
      path === '/refunds' ? ledger.refund(key, body) : ledger.payment(key, body),
    );
  }
  return {
    reply: { status: 404, body: { error: 'not_found', message: `no route ${method} ${path}` } },
    replayed: false,
  };
}

/** `--port N` from argv (0 when absent). */
function portArg(argv: string[]): number {
  const i = argv.indexOf('--port');
  const v = i >= 0 ? Number(argv[i + 1]) : 0;
  if (!Number.isInteger(v) || v < 0 || v > 65535)
    throw new Error(`--port must be an integer 0..65535, got ${argv[i + 1]}`);
  return v;
}

async function main(): Promise<void> {
  const srv = await startLedgerServer({ port: portArg(process.argv.slice(2)) });
  process.stdout.write(`${srv.url}\n`);
  const stop = (): void => void srv.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`ledger-server: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
