/**
 * Connector edits as the connector forms make them, pure and unit-tested: a form's draft
 * to a connector (keys the form does not show, such as `maxTokens` or
 * `rateLimitPerSecond`, are kept from the original), and saving one into a spec in a
 * single step: its alias renamed everywhere it is referenced, the secrets it names
 * declared.
 */
import { builtinCatalog } from '../../../shared/nodes/catalog';
import {
  ConnectorSchema,
  IdSchema,
  type Connector,
  type HttpConnector,
  type LlmConnector,
  type WorkflowSpec,
} from '../../../shared/spec/schema';
import { findModel, providerById, providerOf } from '../../../shared/llm-models';

export type RiskClass = NonNullable<HttpConnector['risk']>;

export interface LlmDraft {
  alias: string;
  providerId: string;
  model: string;
  inputPerMTok: string;
  outputPerMTok: string;
  baseUrl: string;
  /** Secret holding the API key; '' for none. */
  keySecret: string;
  risk: RiskClass | '';
}

export interface HeaderRow {
  name: string;
  value: string;
  /** The value is a secret's name, not the value itself. */
  secret: boolean;
}

export interface HttpDraft {
  alias: string;
  baseUrl: string;
  auth: 'none' | 'secretHeader';
  authHeader: string;
  authSecret: string;
  headers: HeaderRow[];
  risk: RiskClass | '';
}

const num = (n: number | undefined) => (n === undefined ? '' : String(n));

export function llmDraft(alias: string, c?: LlmConnector): LlmDraft {
  if (!c) {
    const p = providerById('openai');
    const m = p && findModel(p, 'gpt-4o-mini');
    return {
      alias,
      providerId: 'openai',
      model: m?.id ?? '',
      inputPerMTok: num(m?.inputPerMTok),
      outputPerMTok: num(m?.outputPerMTok),
      baseUrl: '',
      keySecret: p?.keySecret ?? '',
      risk: '',
    };
  }
  const p = providerOf(c);
  return {
    alias,
    providerId: p.id,
    model: c.model,
    inputPerMTok: num(c.pricing?.inputPerMTok),
    outputPerMTok: num(c.pricing?.outputPerMTok),
    baseUrl: c.baseUrl ?? '',
    keySecret: c.apiKey?.secret ?? '',
    risk: c.risk ?? '',
  };
}

/** The draft after choosing a provider: its base URL and key name, and no model yet unless it is known there. */
export function withProvider(d: LlmDraft, providerId: string): LlmDraft {
  const p = providerById(providerId);
  if (!p) return d;
  const m = findModel(p, d.model) ?? p.models.find((x) => x.id === 'gpt-4o-mini') ?? p.models[0];
  return {
    ...d,
    providerId,
    baseUrl: p.baseUrl ?? '',
    keySecret: p.keySecret ?? '',
    ...(m
      ? { model: m.id, inputPerMTok: num(m.inputPerMTok), outputPerMTok: num(m.outputPerMTok) }
      : {
          model: p.id === 'local' ? d.model : '',
          inputPerMTok: p.id === 'local' ? '0' : '',
          outputPerMTok: p.id === 'local' ? '0' : '',
        }),
  };
}

/** The draft after choosing a model: its prices from the table (an unknown model keeps what was typed). */
export function withModel(d: LlmDraft, model: string): LlmDraft {
  const p = providerById(d.providerId);
  const m = p && findModel(p, model);
  return m ? { ...d, model, inputPerMTok: num(m.inputPerMTok), outputPerMTok: num(m.outputPerMTok) } : { ...d, model };
}

const priceOf = (t: string) => (t.trim() === '' ? undefined : Number(t));

export function llmConnector(d: LlmDraft, original?: LlmConnector): LlmConnector {
  const p = providerById(d.providerId);
  const { pricing: _p, baseUrl: _b, apiKey: _k, risk: _r, ...kept } = original ?? ({} as Partial<LlmConnector>);
  const input = priceOf(d.inputPerMTok);
  const output = priceOf(d.outputPerMTok);
  return {
    ...kept,
    kind: 'llm',
    provider: p?.api ?? 'openai',
    model: d.model.trim(),
    ...(d.baseUrl.trim() ? { baseUrl: d.baseUrl.trim() } : {}),
    ...(d.keySecret.trim() ? { apiKey: { secret: d.keySecret.trim() } } : {}),
    ...(input !== undefined && output !== undefined ? { pricing: { inputPerMTok: input, outputPerMTok: output } } : {}),
    ...(d.risk ? { risk: d.risk } : {}),
  };
}

export function httpDraft(alias: string, c?: HttpConnector): HttpDraft {
  const rows = Object.entries(c?.headers ?? {}).map(([name, v]) =>
    typeof v === 'string' ? { name, value: v, secret: false } : { name, value: v.secret, secret: true },
  );
  const auth = rows.find((r) => r.secret);
  return {
    alias,
    baseUrl: c?.baseUrl ?? '',
    auth: auth ? 'secretHeader' : 'none',
    authHeader: auth?.name ?? 'Authorization',
    authSecret: auth?.value ?? '',
    headers: rows.filter((r) => r !== auth),
    risk: c?.risk ?? '',
  };
}

export function httpConnector(d: HttpDraft, original?: HttpConnector): HttpConnector {
  const { headers: _h, risk: _r, baseUrl: _b, ...kept } = original ?? ({} as Partial<HttpConnector>);
  const headers: NonNullable<HttpConnector['headers']> = {};
  if (d.auth === 'secretHeader' && d.authHeader.trim()) headers[d.authHeader.trim()] = { secret: d.authSecret.trim() };
  for (const r of d.headers)
    if (r.name.trim()) headers[r.name.trim()] = r.secret ? { secret: r.value.trim() } : r.value;
  return {
    ...kept,
    kind: 'http',
    baseUrl: d.baseUrl.trim(),
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(d.risk ? { risk: d.risk } : {}),
  };
}

/** Secret names a connector references. */
export function secretsOf(c: Connector): string[] {
  if (c.kind === 'llm') return c.apiKey ? [c.apiKey.secret] : [];
  return Object.values(c.headers ?? {}).flatMap((v) => (typeof v === 'string' ? [] : [v.secret]));
}

/** Plain-words problems of a connector about to be saved, by form field; empty when it can be saved. */
export function connectorProblems(
  spec: WorkflowSpec,
  alias: string,
  c: Connector,
  from?: string,
): Partial<Record<'alias' | 'model' | 'baseUrl' | 'pricing' | 'secret', string>> {
  const out: Partial<Record<'alias' | 'model' | 'baseUrl' | 'pricing' | 'secret', string>> = {};
  if (!IdSchema.safeParse(alias).success)
    out.alias = 'Use letters, digits, _ or - (starting with a letter), e.g. "gpt" or "orders_api".';
  else if (alias !== from && spec.connectors[alias]) out.alias = `There is already a connector "${alias}".`;
  const parsed = ConnectorSchema.safeParse(c);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (key === 'model' && !out.model) out.model = 'Choose or type a model.';
      else if (key === 'baseUrl' && !out.baseUrl) out.baseUrl = 'Type a full URL, e.g. https://api.example.com/v1.';
      else if (key === 'pricing' && !out.pricing) out.pricing = 'Prices are numbers of US dollars, 0 or more.';
      else if ((key === 'apiKey' || key === 'headers') && !out.secret)
        out.secret = 'Secret names are UPPER_SNAKE_CASE, e.g. OPENAI_API_KEY.';
    }
  return out;
}

/** Config keys that hold a connector alias, by node type (from the catalog's param kinds). */
function aliasKeys(type: string): string[] {
  return (builtinCatalog.get(type)?.params ?? [])
    .filter((p) => p.kind === 'model' || p.kind === 'connector')
    .map((p) => p.key);
}

/**
 * Saves a connector under `alias` (replacing `from` when editing): references to `from`
 * in steps and zones follow a rename, and the secrets it names are declared.
 */
export function saveConnector(spec: WorkflowSpec, alias: string, c: Connector, from?: string): WorkflowSpec {
  const connectors: WorkflowSpec['connectors'] = {};
  let placed = false;
  for (const [k, v] of Object.entries(spec.connectors)) {
    if (k === from) {
      connectors[alias] = c;
      placed = true;
    } else if (k !== alias) connectors[k] = v;
  }
  if (!placed) connectors[alias] = c;
  const renamed = from !== undefined && from !== alias;
  const nodes = renamed
    ? spec.nodes.map((n) => {
        const keys = aliasKeys(n.type).filter((k) => n.config[k] === from);
        return keys.length ? { ...n, config: { ...n.config, ...Object.fromEntries(keys.map((k) => [k, alias])) } } : n;
      })
    : spec.nodes;
  const zones = renamed
    ? spec.zones.map((z) =>
        z.policy?.connectors?.includes(from)
          ? { ...z, policy: { ...z.policy, connectors: z.policy.connectors.map((x) => (x === from ? alias : x)) } }
          : z,
      )
    : spec.zones;
  const declared = new Set(spec.secrets.map((s) => s.name));
  const secrets = [
    ...spec.secrets,
    ...secretsOf(c)
      .filter((n) => !declared.has(n))
      .map((name) => ({ name, description: `Used by the ${alias} connector` })),
  ];
  return { ...spec, connectors, nodes, zones, secrets };
}

export function removeConnector(spec: WorkflowSpec, alias: string): WorkflowSpec {
  const { [alias]: _gone, ...connectors } = spec.connectors;
  return { ...spec, connectors };
}

/** A fresh alias: `gpt`, `claude`, `api`, … with a number when taken. */
export function freshAlias(spec: WorkflowSpec, base: string): string {
  if (!spec.connectors[base]) return base;
  for (let i = 2; ; i++) if (!spec.connectors[`${base}_${i}`]) return `${base}_${i}`;
}
