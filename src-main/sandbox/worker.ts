/**
 * A sandbox worker: runs one job at a time with the engine's own in-thread evaluators.
 * It has no limits of its own beyond JSONata's — the pool terminates it when a job passes
 * its deadline, and V8 stops it at the heap cap it was started with.
 */
import { parentPort } from 'node:worker_threads';
import { validateAgainst } from '../../shared/spec/jsonschema';
import { evaluate } from '../engine/expressions';
import { screenValue } from '../engine/guardrails/screen';
import type { JobMessage, SandboxJob, WorkerMessage } from './protocol';

const port = parentPort;
if (!port) throw new Error('the sandbox worker runs only as a worker thread');

async function run(job: SandboxJob): Promise<unknown> {
  switch (job.kind) {
    case 'evaluate':
      return evaluate(job.source, job.scope);
    case 'validate':
      return validateAgainst(job.schema, job.value);
    case 'screen':
      return screenValue(job.value, job.options, job.path);
  }
}

port.on('message', (m: JobMessage) => {
  void run(m.job).then(
    (value) => {
      const json = value === undefined ? undefined : JSON.stringify(value);
      const reply: WorkerMessage =
        json !== undefined && json.length > m.maxResultChars
          ? { id: m.id, ok: false, message: 'result too large', tooLarge: true }
          : { id: m.id, ok: true, ...(json !== undefined ? { json } : {}) };
      port.postMessage(reply);
    },
    (e: unknown) => port.postMessage({ id: m.id, ok: false, message: (e as Error)?.message ?? String(e) }),
  );
});
port.postMessage({ ready: true } satisfies WorkerMessage);
