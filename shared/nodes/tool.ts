import { z } from 'zod';
import { RiskClassSchema } from '../spec/schema';
import type { NodeDescription } from './types';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const Config = z
  .object({
    connector: z.string().min(1).describe('Alias of an HTTP connector declared in the spec'),
    method: z.enum(METHODS).default('GET'),
    path: z
      .string()
      .min(1)
      .describe('URL path template appended to the connector base URL, e.g. /orders/{{ input.orderId }}'),
    query: z.record(z.string(), z.string()).optional().describe('Query parameters: values are templates'),
    headers: z.record(z.string(), z.string()).optional().describe('Extra headers: values are templates'),
    body: z.string().optional().describe('JSONata expression producing the JSON request body'),
    responseSchema: z.record(z.string(), z.unknown()).optional().describe('JSON Schema the response body must satisfy'),
    requestSchema: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("JSON Schema of the request body; an approver's edited body must satisfy it"),
    risk: RiskClassSchema.optional().describe('Risk class of this operation (overrides the connector)'),
  })
  .strict();

/** Calls an HTTP API through a declared connector, with retries and an idempotency key. */
export const toolNode: NodeDescription<z.infer<typeof Config>> = {
  type: 'tool',
  version: 1,
  title: 'HTTP tool',
  category: 'integration',
  icon: '⇄',
  description: 'Call an API through a declared connector: templated URL, JSON body, response schema.',
  ports: [{ kind: 'next' }, { kind: 'error' }],
  params: [
    { key: 'connector', label: 'Connector', kind: 'connector', required: true },
    { key: 'method', label: 'Method', kind: 'select', options: METHODS.map((m) => ({ value: m, label: m })) },
    { key: 'path', label: 'Path', kind: 'template', required: true, placeholder: '/orders/{{ input.orderId }}' },
    { key: 'query', label: 'Query', kind: 'keyValue' },
    { key: 'headers', label: 'Headers', kind: 'keyValue' },
    {
      key: 'body',
      label: 'Body',
      kind: 'expression',
      help: 'JSONata producing the JSON body, e.g. { "amount": nodes.lookup.total }',
    },
    { key: 'responseSchema', label: 'Response schema', kind: 'jsonSchema' },
    {
      key: 'requestSchema',
      label: 'Request schema',
      kind: 'jsonSchema',
      help: 'What an approver may change the body to',
    },
    {
      key: 'risk',
      label: 'Risk class',
      kind: 'select',
      options: RiskClassSchema.options.map((r) => ({ value: r, label: r })),
      help: 'What this call can do. Unknown counts as the strictest.',
    },
  ],
  configSchema: Config,
  defaults: { connector: '', method: 'GET', path: '/' },
  effect: 'external',
  timeoutMs: 30_000,
  calls: [{ kind: 'http', connectorParam: 'connector', riskParam: 'risk', methodParam: 'method' }],
  summary: (c) => `${c.method} ${c.connector || '?'}${c.path}`,
};
