/**
 * The composition root: the one place that wires the engine to real ports — SQLite
 * checkpoints, Node HTTP, LLM providers, system clock and randomness, secrets from the
 * environment (and optionally a file). The CLI, the web host and the desktop backend all
 * build their engine here, so they run the very same engine.
 */
import path from 'node:path';
import type { EngineEvent } from '../../shared/events';
import { createNodeHttpPort } from '../connectors/http';
import { createLlmPort } from '../connectors/llm';
import { chainSecrets, envAllowlist, envSecrets, fileSecrets } from '../connectors/secrets';
import { systemClock, systemRandom } from '../connectors/system';
import { Engine } from '../engine/engine';
import { builtinRegistry } from '../engine/nodes';
import type { NodeRegistry } from '../engine/registry';
import type { ExecutorPorts } from '../engine/executor';
import type { HttpPort, LlmPort, RandomPort, SandboxPort, SecretsPort } from '../engine/ports';
import { WorkerSandbox, type SandboxOptions } from '../sandbox/pool';
import { SqliteCheckpointStore } from '../storage/sqlite-store';
import { processOwner } from './run-owner';
import type { Telemetry } from '../telemetry';

export interface RuntimeOptions {
  /** SQLite database file. */
  dbPath: string;
  /**
   * How the database may be opened (storage/open-store.ts): `create: false` refuses a missing
   * file instead of making one; `allowReadOnly` accepts a read-only or damaged one for reading.
   */
  access?: { create?: boolean; allowReadOnly?: boolean };
  /** A secrets file (JSON or KEY=VALUE lines); it wins over the environment. */
  secretsFile?: string;
  /**
   * Environment variables that may be read as secrets, besides those $WAYMARK_ALLOW_ENV lists
   * (the CLI's `--allow-env`); no other variable is read (connectors/secrets.ts).
   */
  allowEnv?: string[];
  durability?: 'balanced' | 'full';
  /** Names this process in run leases, e.g. `waymark resume` (see run-owner.ts). Default `waymark`. */
  ownerLabel?: string;
  onEvent?: (e: EngineEvent) => void;
  /** Overrides for embedding and tests. */
  registry?: NodeRegistry;
  http?: HttpPort;
  llm?: LlmPort;
  secrets?: SecretsPort;
  /** Chance (retry jitter) and ids; the system's by default. */
  random?: RandomPort;
  /** Limits of the sandbox that runs expressions, schema checks and scans not proven cheap. */
  sandbox?: SandboxOptions;
  /**
   * OpenTelemetry export: every committed event of this runtime's engine is folded into spans
   * (src-main/telemetry). The caller owns it (flushes and shuts it down); close() only detaches.
   */
  telemetry?: Telemetry;
}

export interface Runtime {
  engine: Engine;
  store: SqliteCheckpointStore;
  /** The ports and registry the engine was built with (for single-node runs). */
  deps: ExecutorPorts & { registry: NodeRegistry; sandbox: SandboxPort };
  close(): void;
}

/** Where the CLI keeps runs unless told otherwise: $WAYMARK_DB, else ./.waymark/waymark.db. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return env.WAYMARK_DB ? path.resolve(env.WAYMARK_DB) : path.join(cwd, '.waymark', 'waymark.db');
}

export function openRuntime(opts: RuntimeOptions): Runtime {
  // Secrets first: a bad secrets file fails before the database is opened (or created).
  const env = envSecrets(process.env, envAllowlist(process.env, opts.allowEnv));
  const secrets = opts.secrets ?? (opts.secretsFile ? chainSecrets(fileSecrets(opts.secretsFile), env) : env);
  const store = new SqliteCheckpointStore({
    path: opts.dbPath,
    ...(opts.durability ? { durability: opts.durability } : {}),
    ...opts.access,
  });
  const nodeHttp = opts.http ? undefined : createNodeHttpPort();
  const http = opts.http ?? (nodeHttp as HttpPort);
  const sandbox = new WorkerSandbox(opts.sandbox);
  const deps = {
    sandbox,
    registry: opts.registry ?? builtinRegistry(),
    http,
    llm: opts.llm ?? createLlmPort(http, systemClock),
    clock: systemClock,
    random: opts.random ?? systemRandom,
    secrets,
  };
  const traced = opts.telemetry?.attach(store);
  const listener = opts.onEvent;
  const onEvent =
    traced && listener
      ? (e: EngineEvent) => {
          traced.onEvent(e);
          listener(e);
        }
      : (traced?.onEvent ?? listener);
  const lease = processOwner(opts.ownerLabel ?? 'waymark');
  const engine = new Engine({ store, ...deps, lease, ...(onEvent ? { onEvent } : {}) });
  // Renews the leases of runs in long steps and brings in cancellations asked for elsewhere;
  // commits renew them too, so this costs nothing while no run is driven.
  const heartbeat = store.readOnly
    ? undefined
    : setInterval(() => {
        try {
          engine.heartbeat();
        } catch {
          // A failing store fails the run's next commit, which reports it.
        }
      }, engine.leaseTtlMs / 3);
  heartbeat?.unref();
  return {
    engine,
    store,
    deps,
    close() {
      if (heartbeat) clearInterval(heartbeat);
      // Closing leaves runs in flight as a killed process would: their owner is gone now.
      lease.dispose();
      // Spans of events already committed are built while the store can still be read.
      traced?.detach();
      nodeHttp?.close();
      void sandbox.close();
      store.close();
    },
  };
}
