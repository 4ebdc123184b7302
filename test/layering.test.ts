// The layering rule must actually bite: these fixtures are linted as if they lived in each
// layer, and each import outside the layer's allowlist must be reported — static, dynamic,
// re-exported or type-only — as must the ways around it (computed imports, require, the
// process global) in the pure layers, and any file in a folder no layer declares.
import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const eslint = new ESLint({ cwd: root });

async function layeringMessages(file: string, code: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (res?.messages ?? []).filter((m) => m.ruleId === 'waymark/layering').map((m) => m.message);
}

describe('layering lint rule: refused', () => {
  it.each([
    // The engine: shared/ and the pure libraries only.
    ['src-main/engine/x.ts', "import fs from 'node:fs';", /Node built-in/],
    ['src-main/engine/x.ts', "import { spawn } from 'child_process';", /Node built-in/],
    ['src-main/engine/x.ts', "import Database from 'better-sqlite3';", /only src-main\/storage/],
    ['src-main/engine/x.ts', "import { app } from 'electron';", /only src-main\/electron/],
    ['src-main/engine/x.ts', "import { WebSocket } from 'ws';", /only src-main\/host may use 'ws'/],
    ['src-main/engine/x.ts', "import _ from 'lodash';", /may not import package 'lodash'; allowed: zod, jsonata/],
    ['src-main/engine/x.ts', "import { describe } from 'vitest';", /may not import package 'vitest'/],
    ['src-main/engine/x.ts', "import { x } from '../storage/sqlite-store';", /may not import layer 'storage'/],
    ['src-main/engine/x.ts', "import { x } from '../sandbox/pool';", /may not import layer 'sandbox'/],
    ['src-main/engine/x.ts', "export * from 'node:fs';", /Node built-in/],
    ['src-main/engine/x.ts', "export { readFile } from 'node:fs/promises';", /Node built-in/],
    ['src-main/engine/x.ts', "import type { Server } from 'node:http';", /Node built-in/],
    ['src-main/engine/x.ts', "type S = import('node:http').Server; export type { S };", /Node built-in/],
    // Dynamic imports: a literal is checked like a static import; a computed name is refused.
    ['src-main/engine/x.ts', "export const m = await import('node:fs');", /Node built-in/],
    ['src-main/engine/x.ts', 'export const m = await import(`ws`);', /only src-main\/host may use 'ws'/],
    ['src-main/engine/x.ts', 'export const load = (m: string) => import(m);', /computed module name/],
    ['src-main/engine/x.ts', "export const load = (m: string) => import('node:' + m);", /computed module name/],
    // The process and require, however reached.
    ['src-main/engine/x.ts', "export const fs = process.getBuiltinModule('fs');", /'process' is not allowed/],
    ['src-main/engine/x.ts', "export const fs = globalThis.process.getBuiltinModule('fs');", /globalThis\.process/],
    ['src-main/engine/x.ts', 'export const env = process.env.HOME;', /'process' is not allowed/],
    ['src-main/engine/x.ts', "export const fs = require('fs');", /'require' is not allowed/],
    ['src-main/engine/x.ts', 'const r = require; export const fs = r(`fs`);', /'require' is not allowed/],
    ['src-main/engine/x.ts', "export const fs = globalThis.require('fs');", /globalThis\.require/],
    ['src-main/engine/x.ts', "import fs = require('fs'); export { fs };", /'import = require\(\)' is not allowed/],
    // shared/: zod and the pure libraries, nothing of ours but itself.
    ['shared/x.ts', "import ELK from 'elkjs';", /only src-renderer may use 'elkjs'/],
    ['shared/x.ts', "import { useState } from 'react';", /only src-renderer may use 'react'/],
    ['shared/x.ts', "import { x } from '../src-renderer/app';", /may not import layer 'renderer'/],
    ['shared/x.ts', "import { x } from '../src-main/engine/runner';", /may not import layer 'engine'/],
    ['shared/spec/x.ts', "import { h } from '../../test/helpers/cli';", /may not import layer 'tooling'/],
    ['shared/x.ts', "export const p = import('elkjs/lib/elk.bundled.js');", /only src-renderer may use 'elkjs'/],
    ['shared/x.ts', 'export const p = (name: string) => import(name);', /computed module name/],
    ['shared/x.ts', "export const os = process.getBuiltinModule('node:os');", /'process' is not allowed/],
    // The renderer: shared/ and its UI libraries.
    ['src-renderer/x.ts', "import { x } from '../src-main/engine/runner';", /may not import layer 'engine'/],
    ['src-renderer/canvas/x.ts', "import fs from 'fs';", /Node built-in/],
    ['src-renderer/x.ts', "import WebSocket from 'ws';", /only src-main\/host may use 'ws'/],
    ['src-renderer/x.ts', "import Database from 'better-sqlite3';", /only src-main\/storage/],
    ['src-renderer/x.ts', 'export const lazy = (m: string) => import(m);', /computed module name/],
    ['src-renderer/x.ts', 'export const dev = process.env.NODE_ENV;', /'process' is not allowed/],
    // The IO layers: only their own IO.
    [
      'src-main/storage/x.ts',
      "import { spawn } from 'node:child_process';",
      /may not use Node built-in 'node:child_process'/,
    ],
    ['src-main/storage/x.ts', "import WebSocket from 'ws';", /only src-main\/host may use 'ws'/],
    ['src-main/connectors/x.ts', "import { x } from '../storage/sqlite-store';", /may not import layer 'storage'/],
    ['src-main/connectors/x.ts', "import Database from 'better-sqlite3';", /only src-main\/storage/],
    ['src-main/sandbox/x.ts', "import { spawn } from 'node:child_process';", /may not use Node built-in/],
    ['src-main/sandbox/x.ts', "import { x } from '../storage/sqlite-store';", /may not import layer 'storage'/],
    ['src-main/sandbox/x.ts', "import { x } from '../host/runtime';", /may not import layer 'host'/],
    ['src-main/host/x.ts', "import { app } from 'electron';", /only src-main\/electron/],
    ['src-main/host/x.ts', "import { createRoot } from 'react-dom/client';", /only src-renderer may use 'react-dom'/],
    ['src-main/cli/x.ts', "import { app } from 'electron';", /only src-main\/electron/],
    ['src-main/cli/x.ts', "import { x } from '../electron/ipc';", /may not import layer 'electron'/],
    ['src-main/electron/x.ts', "import { Command } from 'commander';", /only src-main\/cli may use 'commander'/],
    // Telemetry: the OpenTelemetry SDK lives there and only there; it reads the store through the engine's port.
    ['src-main/engine/x.ts', "import { trace } from '@opentelemetry/api';", /only src-main\/telemetry may use/],
    ['src-main/host/x.ts', "import { diag } from '@opentelemetry/api';", /only src-main\/telemetry may use/],
    ['src-main/telemetry/x.ts', "import { x } from '../storage/sqlite-store';", /may not import layer 'storage'/],
    ['src-main/telemetry/x.ts', "import { x } from '../host/runtime';", /may not import layer 'host'/],
    ['src-main/telemetry/x.ts', "import { spawn } from 'node:child_process';", /may not use Node built-in/],
    // Layers are declared, not guessed: a file in a folder no layer names is refused.
    ['src-main/plugins/x.ts', 'export const x = 1;', /src-main\/plugins\/x\.ts is in no layer/],
    ['src-main/x.ts', 'export const x = 1;', /src-main\/x\.ts is in no layer/],
    ['newtop/x.ts', 'export const x = 1;', /newtop\/x\.ts is in no layer/],
  ])('%s: %s', async (file, code, expected) => {
    const msgs = await layeringMessages(file, code);
    expect(msgs.join('\n')).toMatch(expected);
  });
});

describe('layering lint rule: allowed', () => {
  it.each([
    ['src-main/engine/x.ts', "import { SpecSchema } from '../../shared/spec/schema';"],
    ['src-main/engine/x.ts', "import jsonata from 'jsonata'; import { z } from 'zod'; import Ajv from 'ajv';"],
    ['src-main/engine/x.test.ts', "import { describe } from 'vitest'; import fc from 'fast-check';"],
    ['src-main/engine/x.ts', "export const m = () => import('./expressions');"],
    ['src-main/engine/x.ts', 'export function f(process: { env: string }) { return process.env; }'],
    ['shared/x.ts', "import addFormats from 'ajv-formats'; import Ajv2020 from 'ajv/dist/2020.js';"],
    ['src-main/storage/x.ts', "import Database from 'better-sqlite3'; import fs from 'node:fs';"],
    [
      'src-main/sandbox/x.ts',
      "import { Worker } from 'node:worker_threads'; import { evaluate } from '../engine/expressions';",
    ],
    ['src-main/host/x.ts', "import { WebSocketServer } from 'ws'; import { WorkerSandbox } from '../sandbox/pool';"],
    ['src-main/cli/x.ts', "import { x } from '../storage/sqlite-store'; import { Command } from 'commander';"],
    [
      'src-main/telemetry/x.ts',
      "import { SpanKind } from '@opentelemetry/api'; import type { CheckpointStore } from '../engine/store';",
    ],
    ['src-main/host/x.ts', "import { Telemetry } from '../telemetry';"],
    ['src-main/electron/x.ts', "import { app } from 'electron'; import { x } from '../host/api-service';"],
    ['src-renderer/x.ts', "import { NODE_CATALOG } from '../shared/nodes/catalog';"],
    ['src-renderer/x.ts', "import schema from '../resources/schema/waymark.schema.json';"],
    ['src-renderer/canvas/x.ts', "export const elk = () => import('elkjs/lib/elk.bundled.js');"],
    ['src-renderer/x.ts', "import Worker from 'monaco-editor/esm/vs/editor/editor.worker?worker';"],
    ['test/x.test.ts', "import WebSocket from 'ws'; import Database from 'better-sqlite3'; import fs from 'node:fs';"],
    ['vite.config.ts', "import { defineConfig } from 'vite';"],
  ])('%s: %s', async (file, code) => {
    expect(await layeringMessages(file, code)).toEqual([]);
  });
});
