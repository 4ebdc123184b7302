/**
 * The shipped example workflows (`resources/examples/<name>.waymark.json`). Names are the
 * file basenames; the API already restricts them to [a-z0-9-], and the resolved path is
 * checked again here so a future relaxation of that pattern cannot open a path trick.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExampleInfo } from '../../shared/api';
import { ApiError } from './errors';

const SUFFIX = '.waymark.json';
const NAME = /^[a-z0-9-]+$/;

/** Title and description come from the spec's own `name` and `description`. */
function describe(name: string, text: string): ExampleInfo {
  try {
    const doc: unknown = JSON.parse(text);
    if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
      const title = 'name' in doc && typeof doc.name === 'string' ? doc.name : name;
      const description = 'description' in doc && typeof doc.description === 'string' ? doc.description : '';
      return { name, title, description };
    }
  } catch {
    // A broken example is still listed (by file name) so the problem is visible when opened.
  }
  return { name, title: name, description: '' };
}

export interface Examples {
  list(): Promise<ExampleInfo[]>;
  read(name: string): Promise<{ name: string; text: string }>;
}

/** Examples read from `dir`. A missing directory lists as empty. */
export function createExamples(dir: string): Examples {
  const root = path.resolve(dir);
  return {
    async list() {
      let files: string[];
      try {
        files = await readdir(root);
      } catch {
        return [];
      }
      const names = files
        .filter((f) => f.endsWith(SUFFIX))
        .map((f) => f.slice(0, -SUFFIX.length))
        .filter((n) => NAME.test(n))
        .sort();
      return Promise.all(names.map(async (n) => describe(n, await readFile(path.join(root, n + SUFFIX), 'utf8'))));
    },
    async read(name) {
      if (!NAME.test(name))
        throw new ApiError('invalid_params', `examples.read: invalid example name ${JSON.stringify(name)}`);
      const file = path.resolve(root, name + SUFFIX);
      if (path.dirname(file) !== root)
        throw new ApiError('forbidden', 'examples.read: name leaves the examples directory');
      try {
        return { name, text: await readFile(file, 'utf8') };
      } catch {
        throw new ApiError('not_found', `no example named "${name}"`);
      }
    },
  };
}
