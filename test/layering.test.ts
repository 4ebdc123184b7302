// The layering rule must actually bite: these fixtures are linted as if they lived in each
// layer, and each forbidden import must be reported.
import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const eslint = new ESLint({ cwd: root });

async function layeringMessages(file: string, code: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (res?.messages ?? []).filter((m) => m.ruleId === 'waymark/layering').map((m) => m.message);
}

describe('layering lint rule', () => {
  it.each([
    ['src-main/engine/x.ts', "import fs from 'node:fs';", /Node built-in/],
    ['src-main/engine/x.ts', "import { spawn } from 'child_process';", /Node built-in/],
    ['src-main/engine/x.ts', "import Database from 'better-sqlite3';", /only src-main\/storage/],
    ['src-main/engine/x.ts', "import { app } from 'electron';", /only src-main\/electron/],
    ['src-main/engine/x.ts', "import { x } from '../storage/sqlite-store';", /may not import layer 'storage'/],
    ['src-renderer/x.ts', "import { x } from '../src-main/engine/runner';", /may not import layer 'engine'/],
    ['src-renderer/canvas/x.ts', "import fs from 'fs';", /Node built-in/],
    ['shared/x.ts', "import { x } from '../src-renderer/app';", /may not import layer 'renderer'/],
    ['src-main/connectors/x.ts', "import { x } from '../storage/sqlite-store';", /may not import layer 'storage'/],
    ['src-main/cli/x.ts', "import { app } from 'electron';", /only src-main\/electron/],
  ])('%s: %s is rejected', async (file, code, expected) => {
    const msgs = await layeringMessages(file, code);
    expect(msgs.join('\n')).toMatch(expected);
  });

  it.each([
    ['src-main/engine/x.ts', "import { SpecSchema } from '../../shared/spec/schema';"],
    ['src-main/storage/x.ts', "import Database from 'better-sqlite3';"],
    ['src-main/cli/x.ts', "import { x } from '../storage/sqlite-store';"],
    ['src-renderer/x.ts', "import { NODE_CATALOG } from '../shared/nodes/catalog';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await layeringMessages(file, code)).toEqual([]);
  });
});
