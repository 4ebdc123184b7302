/**
 * The electron-builder afterPack hook (scripts/electron-fuses.cjs) flips the fuses we ship
 * with. Electron's binary cannot be downloaded here, so each test packs a fake executable
 * holding a fuse wire (sentinel, version, length, states) where electron-builder would put
 * the real one, runs the hook with the context electron-builder passes, and reads the wire
 * back with @electron/fuses.
 */
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const afterPack = require('../scripts/electron-fuses.cjs') as ((ctx: unknown) => Promise<void>) & {
  executablePath(ctx: unknown): string;
};

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ENABLE = 49;
const DISABLE = 48;

/** A fake executable: padding, the sentinel, wire version 1, 8 fuses in Electron's defaults. */
function fakeElectron(): Buffer {
  const defaults = [ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE];
  return Buffer.concat([
    Buffer.from('\x7fELF fake electron binary '),
    Buffer.from(SENTINEL),
    Buffer.from([1, defaults.length, ...defaults]),
    Buffer.from(' trailing bytes'),
  ]);
}

let out: string;
beforeEach(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'waymark-fuses-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

function context(platform: string, arch = 1) {
  return {
    appOutDir: out,
    electronPlatformName: platform,
    arch,
    packager: { appInfo: { productFilename: 'Waymark' }, executableName: 'waymark' },
  };
}

describe('electron-builder afterPack: fuses', () => {
  it('turns off run-as-node, NODE_OPTIONS and --inspect and loads the app only from the asar (Linux)', async () => {
    const exe = path.join(out, 'waymark');
    await writeFile(exe, fakeElectron());
    await afterPack(context('linux'));
    const wire = (await getCurrentFuseWire(exe)) as unknown as Record<number, number>;
    expect(wire[FuseV1Options.RunAsNode]).toBe(DISABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(ENABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(DISABLE);
    // Not ours to set: left as Electron ships it.
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(DISABLE);
    // Only the wire changed.
    const bytes = await readFile(exe);
    expect(bytes.length).toBe(fakeElectron().length);
    expect(bytes.subarray(bytes.length - 15).toString()).toBe(' trailing bytes');
  });

  it('finds the executable electron-builder packs on each platform', () => {
    expect(afterPack.executablePath(context('win32'))).toBe(path.join(out, 'Waymark.exe'));
    expect(afterPack.executablePath(context('darwin'))).toBe(path.join(out, 'Waymark.app'));
    expect(afterPack.executablePath(context('linux'))).toBe(path.join(out, 'waymark'));
  });

  it('patches the framework inside a macOS bundle', async () => {
    const fw = path.join(out, 'Waymark.app', 'Contents', 'Frameworks', 'Electron Framework.framework');
    await mkdir(fw, { recursive: true });
    await writeFile(path.join(fw, 'Electron Framework'), fakeElectron());
    await afterPack(context('darwin')); // x64: no ad-hoc re-signing needed
    const wire = (await getCurrentFuseWire(path.join(out, 'Waymark.app'))) as unknown as Record<number, number>;
    expect(wire[FuseV1Options.RunAsNode]).toBe(DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ENABLE);
  });

  it('is wired into electron-builder.yml, which the pinned electron-builder accepts', async () => {
    // Resolved through app-builder-lib so the test checks the schema of the version we pin.
    const builderRequire = createRequire(require.resolve('app-builder-lib'));
    const yaml = builderRequire('js-yaml') as { load(text: string): Record<string, unknown> };
    const { validateConfiguration } = builderRequire('./util/config/config') as {
      validateConfiguration(cfg: unknown, debug: { on(): void }): Promise<void>;
    };
    const cfg = yaml.load(await readFile(path.resolve(import.meta.dirname, '../electron-builder.yml'), 'utf8'));
    expect(cfg.afterPack).toBe('scripts/electron-fuses.cjs');
    await expect(validateConfiguration(cfg, { on() {} })).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...cfg, electronFuses: {} }, { on() {} })).rejects.toThrow(/electronFuses/);
  });

  it('fails the build when the executable has no fuse wire', async () => {
    await writeFile(path.join(out, 'waymark'), 'not electron');
    await expect(afterPack(context('linux'))).rejects.toThrow(/sentinel/);
  });
});
