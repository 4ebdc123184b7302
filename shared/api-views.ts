/**
 * Result schemas of the API methods that are not about runs (those are in runs.ts):
 * examples, documents, the audit log, secrets, and the debugger's one-off evaluations.
 * The types are derived from the schemas; the renderer's client checks every reply with them.
 */
import { z } from 'zod';
import { EngineEventSchema, ErrorInfoSchema } from './events';

/** One shipped example workflow: `examples.list`. */
export const ExampleInfoSchema = z.object({ name: z.string(), title: z.string(), description: z.string() });
export type ExampleInfo = z.infer<typeof ExampleInfoSchema>;

/** A spec file and its text: `documents.open` / `documents.save` (null when a dialog was cancelled). */
export const DocumentFileSchema = z.object({ path: z.string(), text: z.string() });
export type DocumentFile = z.infer<typeof DocumentFileSchema>;

/** One entry of a workspace folder (web host): `documents.browse`. */
export const WorkspaceEntrySchema = z.object({
  name: z.string(),
  /** Absolute path, inside the workspace. */
  path: z.string(),
  /** `link`: a symbolic link, listed so its presence is no mystery, but never opened. */
  kind: z.enum(['folder', 'file', 'link']),
  /** Files only: size in bytes and last modification (epoch ms). */
  size: z.number().optional(),
  modifiedAt: z.number().optional(),
});
export type WorkspaceEntry = z.infer<typeof WorkspaceEntrySchema>;

/** A folder of the web host's workspace, as its Open and Save As dialogs show it: `documents.browse`. */
export const WorkspaceListingSchema = z.object({
  /** The workspace folder (absolute): the only place the web app opens and saves files. */
  workspace: z.string(),
  /** The listed folder (absolute). */
  dir: z.string(),
  /** Its path relative to the workspace, '' for the workspace itself. */
  relative: z.string(),
  /** The folder above, or null at the workspace itself (nothing above it is reachable). */
  parent: z.string().nullable(),
  /** Folders first, then `.json` files, then links; hidden entries (".git", ".waymark") left out. */
  entries: z.array(WorkspaceEntrySchema),
  /** The folder holds more entries than one listing returns; the rest were left out. */
  truncated: z.boolean(),
});
export type WorkspaceListing = z.infer<typeof WorkspaceListingSchema>;

/** One entry of the hash-chained audit log (storage/audit-chain.ts computes `hash`). */
export const AuditEntryViewSchema = z.object({
  /** Global position in the chain, 1-based, no gaps. */
  seq: z.number(),
  /** ISO-8601 time of the fact (the engine clock's time of the event). */
  at: z.string(),
  /** The run the fact belongs to, or null for facts about no run. */
  runId: z.string().nullable(),
  /** What happened: the engine event type (`run.started`, `approval.resolved`, `policy.checked`…). */
  kind: z.string(),
  /** Who did it: `engine`, or the person who decided an approval. */
  actor: z.string(),
  /** The fact's details (never secret values: the engine redacts before committing). */
  payload: z.unknown(),
  /** sha256 of the previous entry (a fixed genesis hash for the first). */
  prevHash: z.string(),
  /** sha256(prevHash + canonical JSON of the entry without `hash`). */
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof AuditEntryViewSchema>;

/** `audit.verify`: the chain holds (with its head), or the first entry that breaks it. */
export const AuditVerifySchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    entries: z.number(),
    head: z.object({ seq: z.number(), hash: z.string() }).nullable(),
  }),
  z.object({
    ok: z.literal(false),
    entries: z.number(),
    problem: z.object({ seq: z.number(), kind: z.string(), message: z.string() }),
  }),
]);

/** `secrets.list`: names and where each value comes from — never a value. */
export const SecretsListSchema = z.object({
  /** Values can be stored here (the desktop app); otherwise they come from the environment. */
  writable: z.boolean(),
  /** Stored values are encrypted by the OS secret store. */
  encrypted: z.boolean(),
  warning: z.string().optional(),
  secrets: z.array(
    z.object({
      name: z.string(),
      source: z.enum(['store', 'environment', 'missing']),
      updatedAt: z.string().optional(),
    }),
  ),
});

/** `runs.watch`: each expression's value, or why it could not be evaluated. */
export const WatchResultSchema = z.array(
  z.object({ expression: z.string(), value: z.unknown().optional(), error: z.string().optional() }),
);

/** `runs.runNode`: how the node ended, what it produced, and the events it emitted. */
export const RunNodeResultSchema = z.object({
  status: z.enum(['done', 'wait', 'failed']),
  output: z.unknown().optional(),
  port: z.string().optional(),
  error: ErrorInfoSchema.optional(),
  simulated: z.boolean().optional(),
  events: z.array(EngineEventSchema),
});

/** `{ ok: true }`: the call took effect. */
export const OkSchema = z.object({ ok: z.literal(true) });
/** `{ runId }`: the run started, resumed or continued in the background. */
export const RunIdSchema = z.object({ runId: z.string() });
