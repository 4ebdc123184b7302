/**
 * The Node versions Waymark promises (package.json `engines`, the README) are ones every
 * locked dependency supports: installing on the oldest Node of each supported line gives
 * no EBADENGINE warning. Guards against a dependency upgrade that quietly needs a newer Node
 * (electron-builder 26's dependencies need Node 22.12, so it is pinned to 25.1).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const semver = require('semver') as {
  satisfies(v: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};
const ROOT = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; optional?: boolean; engines?: { node?: string } | string[] }>;
};

/** The first version of each line our range allows, e.g. 20.19.0, 22.13.0, 24.0.0. */
const floors = pkg.engines.node.split('||').map((r) => semver.minVersion(r.trim())?.version as string);

describe('supported Node versions', () => {
  it('names the lines the README promises', () => {
    expect(floors).toEqual(['20.19.0', '22.13.0', '24.0.0']);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('Node 20.19+, 22.13+ or 24+');
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });

  it.each([...floors, process.versions.node])('every locked dependency supports Node %s', (node) => {
    const unsupported = Object.entries(lock.packages)
      .filter(([name, p]) => name && !p.optional && p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !semver.satisfies(node, (p.engines as { node: string }).node))
      .map(
        ([name, p]) =>
          `${name.replace(/^.*node_modules\//, '')}@${p.version} wants ${(p.engines as { node: string }).node}`,
      );
    expect(unsupported).toEqual([]);
  });
});
