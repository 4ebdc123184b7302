/**
 * The renderer build stamp (scripts/renderer-stamp.ts) that lets `npm run web` skip an
 * unchanged build: real Vite builds of a tiny renderer in a temp package, then edits of each
 * kind of input.
 */
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildStampPlugin, rendererFreshness, stampPath } from '../scripts/renderer-stamp';

let root: string;
let outDir: string;

async function put(rel: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), text);
}

async function buildRenderer(): Promise<void> {
  await build({
    configFile: false,
    root: path.join(root, 'src-renderer'),
    logLevel: 'silent',
    plugins: [buildStampPlugin(root)],
    build: { outDir, emptyOutDir: true },
  });
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'waymark-stamp-'));
  outDir = path.join(root, 'dist', 'renderer');
  await put('package.json', '{"name":"x","type":"module"}');
  await put('package-lock.json', '{}');
  await put('vite.config.ts', 'export default {};');
  await put('tsconfig.json', '{}');
  await put('scripts/renderer-stamp.ts', '// stand-in');
  await put('src-renderer/index.html', '<!doctype html><script type="module" src="./main.ts"></script>');
  await put('src-renderer/main.ts', "import { greet } from '../shared/greet';\nimport './style.css';\ngreet();\n");
  await put('src-renderer/style.css', "@import './more.css';\n");
  await put('src-renderer/more.css', 'body { color: red; }\n');
  await put('shared/greet.ts', "export const greet = () => console.log('hi');\n");
  await put('shared/unused.ts', 'export const x = 1;\n');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('renderer build stamp', () => {
  it('a build records its inputs; unchanged sources mean the build is current', async () => {
    expect(await rendererFreshness(root, outDir)).toEqual({ current: false, reason: 'no build yet' });
    await buildRenderer();
    const stamp = JSON.parse(await readFile(stampPath(outDir), 'utf8')) as { modules: string[] };
    // Outside src-renderer/ only what the bundle used (src-renderer/ is walked whole).
    expect(stamp.modules).toEqual(['shared/greet.ts']);
    expect(await rendererFreshness(root, outDir)).toEqual({ current: true });
    // Touching a file without changing it keeps the build current (contents, not times).
    const now = new Date(Date.now() + 5000);
    await utimes(path.join(root, 'shared/greet.ts'), now, now);
    expect(await rendererFreshness(root, outDir)).toEqual({ current: true });
  });

  it.each([
    [
      'a module of the bundle outside src-renderer/',
      'shared/greet.ts',
      "export const greet = () => console.log('bye');\n",
    ],
    ['a stylesheet reached only through a CSS @import', 'src-renderer/more.css', 'body { color: blue; }\n'],
    ['a new file under src-renderer/', 'src-renderer/new.ts', 'export {};\n'],
    ['the lock file (dependency versions)', 'package-lock.json', '{"lockfileVersion":3}'],
    ['the Vite config', 'vite.config.ts', 'export default { base: "/" };'],
  ])('changing %s makes the build stale until it is rebuilt', async (_what, file, text) => {
    await buildRenderer();
    await put(file, text);
    expect(await rendererFreshness(root, outDir)).toEqual({ current: false, reason: 'sources changed' });
    await buildRenderer();
    expect(await rendererFreshness(root, outDir)).toEqual({ current: true });
  });

  it('a file the bundle does not use changes nothing: an unused module, a README, a unit test', async () => {
    await buildRenderer();
    await put('shared/unused.ts', 'export const x = 2;\n');
    await put('src-renderer/README.md', '# notes\n');
    await put('src-renderer/main.test.ts', 'export {};\n');
    expect(await rendererFreshness(root, outDir)).toEqual({ current: true });
  });

  it('a deleted input or a missing bundle is stale', async () => {
    await buildRenderer();
    await rm(path.join(root, 'shared/greet.ts'));
    expect((await rendererFreshness(root, outDir)).current).toBe(false);
    await put('shared/greet.ts', "export const greet = () => console.log('hi');\n");
    expect(await rendererFreshness(root, outDir)).toEqual({ current: true });
    await rm(path.join(outDir, 'index.html'));
    expect(await rendererFreshness(root, outDir)).toEqual({ current: false, reason: 'no build yet' });
  });

  it('a build that fails leaves no stamp behind', async () => {
    await buildRenderer();
    await put('src-renderer/main.ts', 'import { nope } from "../shared/missing";\nnope();\n');
    await expect(buildRenderer()).rejects.toThrow();
    expect((await rendererFreshness(root, outDir)).current).toBe(false);
  });
});
