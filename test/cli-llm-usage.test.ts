// A provider that reports no usage (some local OpenAI-compatible servers): the calls are
// counted with an estimate, flagged as such, so a zone's token and cost budgets still stop
// the run — before, they counted zero and never applied.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from './fakes/fake-llm-server';
import { cli, tempDir } from './helpers/cli';

const dir = tempDir('waymark-llm-usage-');
let llm: FakeLlmServer;
beforeAll(async () => {
  llm = await startFakeLlmServer();
  // Every reply without a usage block, 2,000 characters long.
  llm.setHandler(() => ({
    raw: { body: JSON.stringify({ choices: [{ message: { content: 'y'.repeat(2000) }, finish_reason: 'stop' }] }) },
  }));
});
afterAll(() => llm.close());

function spec(budget: object) {
  const ask = (id: string) => ({
    id,
    type: 'llm',
    name: `Ask ${id}`,
    zone: 'ai',
    config: { model: 'local', prompt: `Summarise: ${'z'.repeat(4000)}`, maxTokens: 10 },
  });
  return {
    specVersion: 1,
    id: 'usage-less',
    name: 'Usage-less provider',
    connectors: {
      local: {
        kind: 'llm',
        provider: 'openai',
        model: 'llama',
        baseUrl: llm.openaiBaseUrl,
        pricing: { inputPerMTok: 1000, outputPerMTok: 1000 },
      },
    },
    zones: [{ id: 'ai', name: 'AI', policy: { unattended: ['read', 'draft'], approval: [], forbidden: [], budget } }],
    nodes: [
      { id: 'start', type: 'start', name: 'Start' },
      ask('a1'),
      ask('a2'),
      ask('a3'),
      { id: 'end', type: 'end', name: 'End' },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'a1' },
      { id: 'e2', source: 'a1', target: 'a2' },
      { id: 'e3', source: 'a2', target: 'a3' },
      { id: 'e4', source: 'a3', target: 'end' },
    ],
  };
}

describe('a provider that omits usage', () => {
  it('is counted with an estimate that token and cost budgets apply to', async () => {
    const db = path.join(dir, 'runs.db');
    const file = path.join(dir, 'tokens.waymark.json');
    // One call ≈ 1,000 prompt + 500 reply tokens: the first fits 2,500, the second would not.
    writeFileSync(file, JSON.stringify(spec({ maxTokens: 2500 })));
    const r = await cli(['--db', db, 'run', file, '--run-id', 'tok']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/a2: zone "ai" budget maxTokens would be exceeded/);
    expect(r.stderr).toContain('✓ a1 · ');
    expect(r.stderr).toMatch(/✓ a1 · .*≈1007→500 tok · ≈\$1\.5070/);
    const show = JSON.parse((await cli(['--db', db, '--json', 'show', 'tok'])).stdout);
    expect(show.steps.find((s: { nodeId: string }) => s.nodeId === 'a1').usage).toEqual({
      inputTokens: 1007,
      outputTokens: 500,
      costUsd: 1.507,
      llmCalls: 1,
      estimated: true,
    });
    expect(show.run.usage).toMatchObject({ llmCalls: 1, estimated: true });

    const costFile = path.join(dir, 'cost.waymark.json');
    writeFileSync(costFile, JSON.stringify(spec({ maxCostUsd: 2 })));
    const c = await cli(['--db', db, 'run', costFile]);
    expect(c.code, c.stderr).toBe(1);
    expect(c.stderr).toMatch(/a2: zone "ai" budget maxCostUsd would be exceeded/);
  });
});
