/**
 * A refund-triage workflow used by the renderer's unit tests (and as the shape the
 * shipped example is expected to have). Kept independent of resources/examples so the
 * tests do not depend on another team's file.
 */
import type { WorkflowSpec } from '../../shared/spec/schema';

export function refundFixture(): WorkflowSpec {
  return {
    specVersion: 1,
    id: 'refund-triage',
    name: 'Refund triage',
    input: {
      type: 'object',
      properties: { orderId: { type: 'string' }, message: { type: 'string' } },
      required: ['orderId', 'message'],
    },
    secrets: [{ name: 'SHOP_TOKEN' }],
    connectors: {
      shop: {
        kind: 'http',
        baseUrl: 'https://shop.example.test',
        headers: { authorization: { secret: 'SHOP_TOKEN' } },
        risk: 'read',
      },
      claude: { kind: 'llm', provider: 'anthropic', model: 'claude-sonnet-4' },
    },
    zones: [
      {
        id: 'payments',
        name: 'Payments',
        color: '#e5484d',
        // Encloses its member "pay" with the canvas' padding and title bar (zones are regions).
        position: { x: 900, y: 252 },
        size: { width: 320, height: 188 },
        policy: { unattended: ['read'], approval: ['financial'], forbidden: ['destructive'] },
      },
    ],
    nodes: [
      { id: 'start', type: 'start', typeVersion: 1, name: 'Start', position: { x: 0, y: 0 }, config: {} },
      {
        id: 'lookup',
        type: 'tool',
        typeVersion: 1,
        name: 'Look up order',
        position: { x: 300, y: 0 },
        config: { connector: 'shop', method: 'GET', path: '/orders/{{ input.orderId }}' },
      },
      {
        id: 'classify',
        type: 'llm',
        typeVersion: 1,
        name: 'Classify request',
        position: { x: 600, y: 0 },
        config: { model: 'claude', prompt: 'Order {{ nodes.lookup.id }}: {{ input.message }}', repairAttempts: 1 },
      },
      {
        id: 'route',
        type: 'decision',
        typeVersion: 1,
        name: 'Route',
        position: { x: 600, y: 200 },
        config: { rules: [{ when: 'nodes.lookup.total < 100', branch: 'auto' }], defaultBranch: 'review' },
      },
      {
        id: 'review',
        type: 'approval',
        typeVersion: 1,
        name: 'Manager review',
        position: { x: 600, y: 400 },
        config: { message: 'Refund {{ nodes.lookup.total }}?' },
      },
      {
        id: 'pay',
        type: 'tool',
        typeVersion: 1,
        name: 'Pay refund',
        position: { x: 940, y: 320 },
        zone: 'payments',
        config: { connector: 'shop', method: 'POST', path: '/refunds', risk: 'financial' },
      },
      {
        id: 'done',
        type: 'end',
        typeVersion: 1,
        name: 'Refunded',
        position: { x: 1300, y: 320 },
        config: { outcome: 'refunded' },
      },
      {
        id: 'declined',
        type: 'end',
        typeVersion: 1,
        name: 'Declined',
        position: { x: 900, y: 560 },
        config: { outcome: 'declined' },
      },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'lookup', kind: 'next' },
      { id: 'e2', source: 'lookup', target: 'classify', kind: 'next' },
      { id: 'e3', source: 'classify', target: 'route', kind: 'next' },
      { id: 'e4', source: 'route', target: 'pay', kind: 'branch', branch: 'auto' },
      { id: 'e5', source: 'route', target: 'review', kind: 'branch', branch: 'review' },
      { id: 'e6', source: 'review', target: 'pay', kind: 'branch', branch: 'approved' },
      { id: 'e7', source: 'review', target: 'declined', kind: 'branch', branch: 'rejected' },
      { id: 'e8', source: 'pay', target: 'done', kind: 'next' },
      { id: 'e9', source: 'pay', target: 'review', kind: 'error', maxTraversals: 3 },
    ],
  };
}
