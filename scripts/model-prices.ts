/**
 * Builds the offline model table from @pydantic/genai-prices: for each provider Waymark's
 * engine can call (OpenAI and Anthropic APIs, and hosted OpenAI-compatible ones), its
 * current, non-deprecated models with a flat text price per million tokens. Used by
 * scripts/gen-model-prices.ts and by the test that keeps the committed table current.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ModelEntry, ModelProvider } from '../shared/llm-models';

interface UpstreamModel {
  id: string;
  name?: string;
  deprecated?: boolean;
  context_window?: number;
  prices: UpstreamPrice | Array<{ constraint?: { start_date?: string }; prices: UpstreamPrice }>;
}
type UpstreamPrice = Record<string, number | { base: number } | undefined>;
interface Upstream {
  findProvider(o: { providerId: string }): { name: string; models: UpstreamModel[] } | undefined;
}

/** The providers offered, in the order the form lists them, with what the engine needs to reach them. */
const PROVIDERS: ReadonlyArray<Omit<ModelProvider, 'models' | 'name'> & { upstream: string }> = [
  { id: 'openai', upstream: 'openai', api: 'openai', keySecret: 'OPENAI_API_KEY' },
  { id: 'anthropic', upstream: 'anthropic', api: 'anthropic', keySecret: 'ANTHROPIC_API_KEY' },
  {
    id: 'google',
    upstream: 'google',
    api: 'openai',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    keySecret: 'GEMINI_API_KEY',
  },
  {
    id: 'mistral',
    upstream: 'mistral',
    api: 'openai',
    baseUrl: 'https://api.mistral.ai/v1',
    keySecret: 'MISTRAL_API_KEY',
  },
  {
    id: 'deepseek',
    upstream: 'deepseek',
    api: 'openai',
    baseUrl: 'https://api.deepseek.com/v1',
    keySecret: 'DEEPSEEK_API_KEY',
  },
  { id: 'groq', upstream: 'groq', api: 'openai', baseUrl: 'https://api.groq.com/openai/v1', keySecret: 'GROQ_API_KEY' },
  { id: 'x-ai', upstream: 'x-ai', api: 'openai', baseUrl: 'https://api.x.ai/v1', keySecret: 'XAI_API_KEY' },
];

const flat = (v: number | { base: number } | undefined) => (typeof v === 'number' ? v : v?.base);

/** The price in force today: the latest dated price already started, else the undated one. */
function current(m: UpstreamModel, today: string): UpstreamPrice | undefined {
  if (!Array.isArray(m.prices)) return m.prices;
  const started = m.prices
    .filter((p) => !p.constraint?.start_date || p.constraint.start_date <= today)
    .sort((a, b) => (a.constraint?.start_date ?? '').localeCompare(b.constraint?.start_date ?? ''));
  return started[started.length - 1]?.prices;
}

export async function modelTable(today: string): Promise<{ version: string; providers: ModelProvider[] }> {
  const require = createRequire(import.meta.url);
  const main = require.resolve('@pydantic/genai-prices'); // …/dist/index.cjs (package.json is not exported)
  const pkg = JSON.parse(readFileSync(path.join(path.dirname(main), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const version = pkg.version;
  const upstream = (await import('@pydantic/genai-prices')) as unknown as Upstream;
  const providers = PROVIDERS.map(({ upstream: uid, ...p }) => {
    const up = upstream.findProvider({ providerId: uid });
    if (!up) throw new Error(`@pydantic/genai-prices ${version} has no provider "${uid}"`);
    const models: ModelEntry[] = [];
    for (const m of up.models) {
      if (m.deprecated) continue;
      const price = current(m, today);
      const input = flat(price?.input_mtok);
      const output = flat(price?.output_mtok);
      const cacheRead = flat(price?.cache_read_mtok);
      if (input === undefined || output === undefined) continue;
      models.push({
        id: m.id,
        name: m.name ?? m.id,
        inputPerMTok: input,
        outputPerMTok: output,
        ...(cacheRead !== undefined ? { cacheReadPerMTok: cacheRead } : {}),
        ...(m.context_window ? { contextWindow: m.context_window } : {}),
      });
    }
    models.sort((a, b) => a.name.localeCompare(b.name));
    return { ...p, name: up.name, models };
  });
  return { version, providers };
}
