// `waymark serve` / `npm run web`: the launcher prints a working tokened URL, refuses to
// start without a built renderer, and the command validates its options.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerServeCommand } from '../src-main/cli/commands/serve';
import { launchWebApp, parsePort } from '../src-main/host/launch';
import { defaultDataDir, findPackageRoot } from '../src-main/host/paths';
import { cli as runCli } from './helpers/cli';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'waymark-launch-'));
  await mkdir(path.join(root, 'dist', 'renderer'), { recursive: true });
  await writeFile(path.join(root, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Waymark</title>');
  await mkdir(path.join(root, 'resources', 'examples'), { recursive: true });
  await writeFile(
    path.join(root, 'resources', 'examples', 'hello.waymark.json'),
    JSON.stringify({ name: 'Hello', description: 'Says hello' }),
  );
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('launchWebApp', () => {
  it('starts the host, prints the tokened URL, and serves the page and the examples', async () => {
    const lines: string[] = [];
    const host = await launchWebApp({
      root,
      port: 0,
      dataDir: path.join(root, 'data'),
      open: false,
      log: (l) => lines.push(l),
    });
    try {
      expect(lines[0]).toBe(`Waymark is running at ${host.url}`);
      expect(lines[1]).toBe(`Workspace (the only folder the editor opens and saves in): ${process.cwd()}`);
      expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
      const res = await fetch(host.url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>Waymark</title>');
    } finally {
      await host.close();
    }
  });

  it('serves the workspace it is given, and refuses one that does not exist, naming it', async () => {
    const ws = path.join(root, 'ws');
    await mkdir(ws, { recursive: true });
    const lines: string[] = [];
    const host = await launchWebApp({
      root,
      port: 0,
      dataDir: path.join(root, 'data'),
      open: false,
      workspace: ws,
      log: (l) => lines.push(l),
    });
    await host.close();
    expect(lines[1]).toContain(ws);
    await expect(
      launchWebApp({
        root,
        port: 0,
        dataDir: path.join(root, 'data'),
        open: false,
        workspace: path.join(root, 'gone'),
        log: () => {},
      }),
    ).rejects.toThrow(`the workspace folder ${path.join(root, 'gone')} does not exist`);
    const cli = await runCli(['serve', '--workspace', path.join(root, 'gone')]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(`serve: the workspace folder ${path.join(root, 'gone')} does not exist`);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to start when the renderer is not built, saying how to build it', async () => {
    await expect(
      launchWebApp({
        root: path.join(root, 'nowhere'),
        port: 0,
        dataDir: path.join(root, 'data'),
        open: false,
        log: () => {},
      }),
    ).rejects.toThrow(/npm run build:renderer/);
  });
});

describe('serve command and helpers', () => {
  it('registers `serve` with --port, --data-dir, --workspace and --open', () => {
    const program = new Command();
    registerServeCommand(program);
    const serve = program.commands.find((c) => c.name() === 'serve');
    expect(serve?.options.map((o) => o.long)).toEqual(['--port', '--data-dir', '--workspace', '--open']);
  });

  it('rejects a bad port with a usage error, not a stack trace', async () => {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    registerServeCommand(program);
    program.commands.forEach((c) => c.exitOverride().configureOutput({ writeErr: () => {} }));
    await expect(program.parseAsync(['node', 'waymark', 'serve', '--port', 'http'])).rejects.toThrow(
      /invalid port "http"/,
    );
  });

  it('parses ports and finds the package root and data dir', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('8080')).toBe(8080);
    expect(() => parsePort('70000')).toThrow(/0 to 65535/);
    expect(() => parsePort('-1')).toThrow();
    expect(findPackageRoot(path.join(__dirname, 'fakes'))).toBe(path.resolve(__dirname, '..'));
    expect(findPackageRoot(os.tmpdir())).toBeUndefined();
    expect(defaultDataDir({}, '/work/x')).toBe('/work/x/.waymark');
    expect(defaultDataDir({ WAYMARK_DATA_DIR: 'state' }, '/work/x')).toBe('/work/x/state');
  });
});
