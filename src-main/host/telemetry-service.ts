/**
 * The `telemetry.*` handlers: the Settings dialog's OpenTelemetry section. Settings saved
 * here are kept in `<data dir>/telemetry.json` (written atomically) and win over the host's
 * `OTEL_*` environment from then on, across restarts; `telemetry.reset` forgets them. The
 * one `Telemetry` of the process is reconfigured in place, so runs already executing switch
 * with it (what they had queued is flushed to the old collector first).
 *
 * A saved file that cannot be read is reported (logged, and in the dialog's problems) and
 * left as it is — never overwritten until the user saves new settings.
 */
import { readFileSync } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { ApiMethodIn } from '../../shared/api';
import {
  TELEMETRY_OFF,
  TelemetrySettingsSchema,
  type TelemetrySettings,
  type TelemetryState,
} from '../../shared/telemetry-settings';
import type { SecretsPort } from '../engine/ports';
import {
  configFromSettings,
  endpointProblem,
  settingsFromEnv,
  telemetryConfigFromEnv,
  type ConfigResult,
  type Telemetry,
} from '../telemetry';
import type { ApiHandlers } from './api-types';
import { writeFileAtomic } from './atomic-write';
import { ApiError } from './errors';

export type TelemetryHandlers = Pick<ApiHandlers, ApiMethodIn<'telemetry'>>;

export interface TelemetryServiceOptions {
  telemetry: Telemetry;
  dataDir: string;
  /** The host's environment (its OTEL_* variables). */
  env: NodeJS.ProcessEnv;
  /** Header secrets are looked up here at every export. */
  secrets: SecretsPort;
  log: (line: string) => void;
}

/** The settings file of a data directory. */
export function telemetrySettingsFile(dataDir: string): string {
  return path.join(dataDir, 'telemetry.json');
}

type Loaded = { settings?: TelemetrySettings; problem?: string };

function loadSaved(file: string): Loaded {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    return {
      problem: `the saved settings ${file} could not be read (${(e as Error).message}); the environment applies`,
    };
  }
  try {
    const parsed = TelemetrySettingsSchema.safeParse((JSON.parse(text) as { settings?: unknown }).settings);
    if (parsed.success) return { settings: parsed.data };
  } catch {
    // fall through: not JSON
  }
  return {
    problem: `the saved settings ${file} are damaged and were ignored (the environment applies); save the settings again to replace them`,
  };
}

export function createTelemetryService(opts: TelemetryServiceOptions): {
  handlers: TelemetryHandlers;
  /** Settles once saved settings (if any) are in force. */
  ready: Promise<void>;
} {
  const file = telemetrySettingsFile(opts.dataDir);
  const secret = (name: string) => opts.secrets.get(name);
  const loaded = loadSaved(file);
  if (loaded.problem) opts.log(`telemetry: ${loaded.problem}`);
  let saved = loaded.settings;
  let fileProblem = loaded.problem;
  let current: ConfigResult = saved ? configFromSettings(saved, opts.env, secret) : telemetryConfigFromEnv(opts.env);

  const apply = async (next: ConfigResult): Promise<void> => {
    current = next;
    for (const p of next.problems) opts.log(`telemetry: ${p}`);
    await opts.telemetry.reconfigure(next.config);
  };
  const ready = saved
    ? apply(current).then(() => {
        const url = current.config.target?.url;
        opts.log(
          url
            ? `telemetry: runs are exported to ${url} (saved in Settings)`
            : 'telemetry: export is off (saved in Settings)',
        );
      })
    : Promise.resolve();

  const state = (): TelemetryState => {
    const s = opts.telemetry.status();
    const source = saved ? 'settings' : current.config.target ? 'environment' : 'none';
    return {
      source,
      settings: saved ?? (current.config.target ? settingsFromEnv(opts.env, current.config) : TELEMETRY_OFF),
      status: {
        enabled: s.enabled,
        ...(s.url ? { url: s.url } : {}),
        ...(s.protocol ? { protocol: s.protocol } : {}),
        exported: s.exported,
        dropped: s.dropped,
        failed: s.failed,
        queued: s.queued,
        droppedEvents: s.droppedEvents,
        ...(s.lastError !== undefined ? { lastError: s.lastError } : {}),
        ...(s.lastExportAt !== undefined ? { lastExportAt: s.lastExportAt } : {}),
      },
      // Secrets may have been set since: say what is missing now, not at save time.
      problems: [
        ...(fileProblem ? [fileProblem] : []),
        ...(saved ? configFromSettings(saved, opts.env, secret).problems : current.problems),
      ],
    };
  };

  return {
    ready,
    handlers: {
      async 'telemetry.get'() {
        await ready;
        return state();
      },
      async 'telemetry.configure'(settings) {
        await ready;
        if (settings.enabled) {
          const bad = endpointProblem(settings.endpoint);
          if (bad) throw new ApiError('invalid_params', `Endpoint: ${bad}`);
        }
        const names = settings.headers.map((h) => h.name.toLowerCase());
        const dup = names.find((n, i) => names.indexOf(n) !== i);
        if (dup) throw new ApiError('invalid_params', `Headers: "${dup}" is listed twice; keep one`);
        // Stored before it applies: a settings file that could not be written leaves the old configuration in force.
        await mkdir(opts.dataDir, { recursive: true });
        await writeFileAtomic(file, `${JSON.stringify({ version: 1, settings }, null, 2)}\n`);
        saved = settings;
        fileProblem = undefined;
        await apply(configFromSettings(settings, opts.env, secret));
        return state();
      },
      async 'telemetry.reset'() {
        await ready;
        try {
          await unlink(file);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
        saved = undefined;
        fileProblem = undefined;
        await apply(telemetryConfigFromEnv(opts.env));
        return state();
      },
      async 'telemetry.test'() {
        await ready;
        return opts.telemetry.sendTestSpan();
      },
    },
  };
}
