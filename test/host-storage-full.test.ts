// The API on a disk that fills up (a 16 MiB tmpfs mounted on a mkdtemp folder, root only): a
// run whose checkpoint cannot be written stops; the renderer is told why (a `run.stopped`
// notice, code `storage`, naming the file and what to do; never a stack); reads keep working
// and list the run as interrupted; once space is freed runs.resume finishes it, losing nothing.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectClient, startTestHost } from './helpers/api-client';
import { tempDir } from './helpers/cli';
import { chain } from './helpers/cli-storage';

const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts) execFileSync('umount', [m], { stdio: 'ignore' });
});

describe('the API on a full disk', () => {
  it('tells the renderer the run stopped and why; the run is interrupted, and resumes to the end once there is room', async (t) => {
    if (process.getuid?.() !== 0) return t.skip();
    const at = tempDir('waymark-host-tmpfs-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0700', 'tmpfs', at], { stdio: 'ignore' });
    } catch {
      return t.skip(); // no mount permission here
    }
    mounts.push(at);
    const host = await startTestHost({ dir: at });
    const client = await connectClient(host.host);
    try {
      const db = path.join(host.dataDir, 'waymark.db');
      // Someone else's file takes most of the space: room for a few of the twenty ~200 KB steps.
      const filler = path.join(at, 'someone-elses.bin');
      writeFileSync(filler, Buffer.alloc(14_500_000, 1));
      const { runId } = await client.ok('runs.start', {
        text: JSON.stringify(chain(20)),
        input: { blob: 'x'.repeat(100_000) },
      });
      const stopped = await client.waitFor((p) => 'notice' in p && p.notice.command === 'run.stopped', 60_000);
      expect(stopped).toEqual({
        notice: {
          command: 'run.stopped',
          runId,
          code: 'storage',
          message: `cannot write to ${db}: the disk is full; nothing already saved was lost; free space, then resume`,
        },
      });
      expect(client.events(runId).some((e) => e.type === 'run.finished')).toBe(false);

      const { run, steps } = await client.ok('runs.get', { runId });
      expect(run).toMatchObject({ status: 'running', interrupted: true });
      const saved = steps.filter((s) => s.status === 'completed').map((s) => s.nodeId);
      expect(saved.length).toBeGreaterThan(1);
      expect((await client.ok('runs.interrupted', {})).map((r) => r.id)).toEqual([runId]);

      rmSync(filler); // space freed
      await client.ok('runs.resume', { runId });
      const finished = await client.finished(runId, 60_000);
      expect(finished).toMatchObject({ status: 'completed', output: 19 });
      const after = await client.ok('runs.get', { runId });
      expect(after.steps.map((s) => s.nodeId)).toEqual([
        'start',
        ...chain(20)
          .nodes.slice(1)
          .map((n) => n.id),
      ]);
      expect(after.steps.every((s) => s.status === 'completed')).toBe(true);
      for (const nodeId of saved) expect(after.steps.find((s) => s.nodeId === nodeId)?.status).toBe('completed');
    } finally {
      client.close();
      await host.kill();
    }
  }, 180_000);
});
