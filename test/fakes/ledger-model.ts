/**
 * The data and rules behind the fake "orders + payments" API (ledger-server.ts holds the
 * HTTP side). Modelled on how real payment APIs behave, because the tests that use it are
 * about side effects: an `Idempotency-Key` makes a repeated POST replay the first response
 * instead of moving money twice, and reusing a key for a different request is an error.
 */

export interface OrderItem {
  sku: string;
  name: string;
  qty: number;
  unitCents: number;
}

export interface Order {
  id: string;
  customer: string;
  email: string;
  amountCents: number;
  currency: string;
  status: 'paid' | 'partially_refunded' | 'refunded';
  refundedCents: number;
  items: OrderItem[];
  createdAt: string;
}

/** One real side effect (money moved). */
export interface LedgerEffect {
  id: string;
  kind: 'refund' | 'payment';
  /** null when the client sent no Idempotency-Key (then every delivery is a new effect). */
  idempotencyKey: string | null;
  orderId?: string;
  amountCents: number;
  currency: string;
  /** The request body as received. */
  request: unknown;
  /** How many times this effect was delivered: 1 + replays of its key. */
  deliveries: number;
  at: number;
}

/** GET /ledger. */
export interface LedgerSnapshot {
  effects: LedgerEffect[];
  /** Mutating requests that reached the API (first deliveries and replays alike). */
  deliveries: number;
  /** Requests answered from the idempotency store (no new effect). */
  duplicates: number;
  /** Requests turned away by failure injection before reaching the API. */
  rejected: number;
}

/** Orders every ledger server starts with unless given its own. */
export const DEFAULT_ORDERS: Order[] = [
  {
    id: 'ord_1001',
    customer: 'Ada Lovelace',
    email: 'ada@example.com',
    amountCents: 12_900,
    currency: 'EUR',
    status: 'paid',
    refundedCents: 0,
    items: [
      { sku: 'KB-01', name: 'Mechanical keyboard', qty: 1, unitCents: 9_900 },
      { sku: 'MS-02', name: 'Wireless mouse', qty: 1, unitCents: 3_000 },
    ],
    createdAt: '2024-05-02T09:14:00Z',
  },
  {
    id: 'ord_1002',
    customer: 'Grace Hopper',
    email: 'grace@example.com',
    amountCents: 4_500,
    currency: 'USD',
    status: 'paid',
    refundedCents: 0,
    items: [{ sku: 'BK-77', name: 'COBOL in practice', qty: 1, unitCents: 4_500 }],
    createdAt: '2024-05-03T16:40:00Z',
  },
  {
    id: 'ord_1003',
    customer: 'Alan Turing',
    email: 'alan@example.com',
    amountCents: 2_000,
    currency: 'GBP',
    status: 'refunded',
    refundedCents: 2_000,
    items: [{ sku: 'TP-10', name: 'Paper tape', qty: 4, unitCents: 500 }],
    createdAt: '2024-04-28T11:05:00Z',
  },
];

/** A reply from the model: status and JSON body. */
export interface Reply {
  status: number;
  body: unknown;
  effectId?: string;
}

/** The mutable state of one ledger server. */
export class Ledger {
  readonly orders = new Map<string, Order>();
  readonly effects: LedgerEffect[] = [];
  /** Idempotency store: key → the request it was first used for and the reply it got. */
  readonly keys = new Map<string, { fingerprint: string; reply: Reply }>();
  deliveries = 0;
  duplicates = 0;
  rejected = 0;
  private seq = 0;

  constructor(private readonly seed: Order[] = DEFAULT_ORDERS) {
    this.reset();
  }

  reset(): void {
    this.orders.clear();
    for (const o of this.seed) this.orders.set(o.id, structuredClone(o));
    this.effects.length = 0;
    this.keys.clear();
    this.deliveries = this.duplicates = this.rejected = this.seq = 0;
  }

  snapshot(): LedgerSnapshot {
    return {
      effects: structuredClone(this.effects),
      deliveries: this.deliveries,
      duplicates: this.duplicates,
      rejected: this.rejected,
    };
  }

  /**
   * Runs a mutating request exactly once per idempotency key. Returns the reply and whether
   * it was replayed from the store.
   */
  deliver(key: string | null, path: string, body: unknown, run: () => Reply): { reply: Reply; replayed: boolean } {
    this.deliveries++;
    if (key === null) return { reply: run(), replayed: false };
    const fingerprint = `${path} ${JSON.stringify(body)}`;
    const seen = this.keys.get(key);
    if (seen) {
      if (seen.fingerprint !== fingerprint) {
        return {
          reply: {
            status: 422,
            body: {
              error: 'idempotency_key_reused',
              message: `Idempotency-Key ${key} was already used for a different request`,
            },
          },
          replayed: false,
        };
      }
      this.duplicates++;
      const effect = this.effects.find((e) => e.id === seen.reply.effectId);
      if (effect) effect.deliveries++;
      return { reply: seen.reply, replayed: true };
    }
    const reply = run();
    this.keys.set(key, { fingerprint, reply });
    return { reply, replayed: false };
  }

  refund(key: string | null, body: unknown): Reply {
    if (!isObject(body) || typeof body.orderId !== 'string' || !isPositiveInt(body.amountCents)) {
      return {
        status: 400,
        body: {
          error: 'invalid_request',
          message: 'expected { orderId: string, amountCents: positive integer, reason?: string }',
        },
      };
    }
    const order = this.orders.get(body.orderId);
    if (!order) return { status: 404, body: { error: 'order_not_found', message: `no order ${body.orderId}` } };
    const left = order.amountCents - order.refundedCents;
    if (body.amountCents > left) {
      return {
        status: 422,
        body: {
          error: 'amount_too_large',
          message: `refund of ${body.amountCents} exceeds the refundable ${left} ${order.currency} cents`,
        },
      };
    }
    order.refundedCents += body.amountCents;
    order.status = order.refundedCents === order.amountCents ? 'refunded' : 'partially_refunded';
    const effect = this.record('refund', key, body, body.amountCents, order.currency, order.id);
    const refund = {
      id: effect.id,
      object: 'refund',
      orderId: order.id,
      amountCents: body.amountCents,
      currency: order.currency,
      reason: typeof body.reason === 'string' ? body.reason : null,
      status: 'succeeded',
    };
    return { status: 201, body: refund, effectId: effect.id };
  }

  payment(key: string | null, body: unknown): Reply {
    if (
      !isObject(body) ||
      !isPositiveInt(body.amountCents) ||
      typeof body.currency !== 'string' ||
      !/^[A-Z]{3}$/.test(body.currency) ||
      typeof body.customer !== 'string'
    ) {
      return {
        status: 400,
        body: {
          error: 'invalid_request',
          message:
            'expected { amountCents: positive integer, currency: "EUR"-style code, customer: string, orderId?: string }',
        },
      };
    }
    const orderId = typeof body.orderId === 'string' ? body.orderId : undefined;
    if (orderId !== undefined && !this.orders.has(orderId))
      return { status: 404, body: { error: 'order_not_found', message: `no order ${orderId}` } };
    const effect = this.record('payment', key, body, body.amountCents, body.currency, orderId);
    const payment = {
      id: effect.id,
      object: 'payment',
      customer: body.customer,
      orderId: orderId ?? null,
      amountCents: body.amountCents,
      currency: body.currency,
      status: 'succeeded',
    };
    return { status: 201, body: payment, effectId: effect.id };
  }

  private record(
    kind: LedgerEffect['kind'],
    key: string | null,
    request: unknown,
    amountCents: number,
    currency: string,
    orderId?: string,
  ): LedgerEffect {
    const effect: LedgerEffect = {
      id: `${kind === 'refund' ? 're' : 'pay'}_${String(++this.seq).padStart(4, '0')}`,
      kind,
      idempotencyKey: key,
      amountCents,
      currency,
      request,
      deliveries: 1,
      at: Date.now(),
      ...(orderId ? { orderId } : {}),
    };
    this.effects.push(effect);
    return effect;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}
