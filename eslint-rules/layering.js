// Waymark's layering rule: folders are layers, and this file is the only place that says
// what each layer may import — an allowlist. Every linted file must be in a declared layer
// (a new folder is refused until it is given one here), and every import it makes must be
// allowed for that layer: our own layers by name, third-party packages by name, Node
// built-ins by name. Dynamic imports are checked like static ones; a module name the rule
// cannot read (`import(m)`), `require` and the `process` global (`process.getBuiltinModule`)
// are refused in the pure layers. Do not relax it per file: fix the design instead.
// Modelled on VS Code's `code-layering` rule: resolve every import, then check it.
import { builtinModules } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** Pure libraries (no IO, no globals): what the pure layers may build on. */
const PURE_LIBS = ['zod', 'jsonata', 'ajv', 'ajv-formats'];
/** The renderer's UI libraries. */
const UI_LIBS = ['react', 'react-dom', '@xyflow/react', 'zustand', 'monaco-editor', '@monaco-editor/react', 'elkjs'];
/** The OpenTelemetry SDK packages: only the telemetry layer uses them. */
const OTEL_LIBS = [
  '@opentelemetry/api',
  '@opentelemetry/core',
  '@opentelemetry/resources',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/exporter-trace-otlp-proto',
];
/** What a test file (`*.test.ts`) may import besides its layer's allowance. */
const TEST_LIBS = ['vitest', 'fast-check'];
/** Every Node built-in: the IO layers' allowance. */
const ALL_BUILTINS = '*';

/**
 * The layers: which folders they are (path prefixes from the repository root; a file in
 * no layer is refused), which of our layers they may import, which packages and which
 * Node built-ins. `pure` layers are free of IO and of the process: no computed imports, no
 * `require`, no `process`.
 */
export const LAYERS = {
  shared: { dirs: ['shared/'], pure: true, layers: ['shared'], packages: PURE_LIBS, builtins: [] },
  engine: { dirs: ['src-main/engine/'], pure: true, layers: ['shared', 'engine'], packages: PURE_LIBS, builtins: [] },
  storage: {
    dirs: ['src-main/storage/'],
    layers: ['shared', 'engine', 'storage'],
    packages: ['better-sqlite3', ...PURE_LIBS],
    // zlib: CRC-32 checksums of every stored payload (storage/checksum.ts).
    builtins: ['fs', 'path', 'crypto', 'zlib'],
  },
  connectors: {
    dirs: ['src-main/connectors/'],
    layers: ['shared', 'engine', 'connectors'],
    // gpt-tokenizer: the cost projection's token counter (connectors/tokenizer.ts), a port the engine is given.
    packages: ['gpt-tokenizer', ...PURE_LIBS],
    builtins: ALL_BUILTINS,
  },
  // Bounded evaluation in worker threads: the engine's evaluators under a deadline and a heap cap.
  sandbox: {
    dirs: ['src-main/sandbox/'],
    layers: ['shared', 'engine', 'sandbox'],
    packages: PURE_LIBS,
    // worker_threads, and what finds the worker's file (sources, CLI bundle, desktop bundle).
    builtins: ['worker_threads', 'path', 'url', 'module', 'fs'],
  },
  // OpenTelemetry export of runs: folds the engine's event stream into spans and sends them
  // over OTLP/HTTP with the official SDK's exporters. Wired in at the composition root.
  telemetry: {
    dirs: ['src-main/telemetry/'],
    layers: ['shared', 'engine', 'telemetry'],
    packages: [...OTEL_LIBS, ...PURE_LIBS],
    // http/https: the exporter's connections, owned so that a hung collector can be cut off.
    builtins: ['crypto', 'os', 'http', 'https'],
  },
  host: {
    dirs: ['src-main/host/'],
    layers: ['shared', 'engine', 'storage', 'connectors', 'sandbox', 'telemetry', 'host'],
    packages: ['ws', ...PURE_LIBS],
    builtins: ALL_BUILTINS,
  },
  cli: {
    dirs: ['src-main/cli/'],
    layers: ['shared', 'engine', 'storage', 'connectors', 'sandbox', 'telemetry', 'host', 'cli'],
    packages: ['commander', ...PURE_LIBS],
    builtins: ALL_BUILTINS,
  },
  electron: {
    dirs: ['src-main/electron/'],
    layers: ['shared', 'engine', 'storage', 'connectors', 'sandbox', 'telemetry', 'host', 'electron'],
    packages: ['electron', ...PURE_LIBS],
    builtins: ALL_BUILTINS,
  },
  renderer: {
    dirs: ['src-renderer/'],
    pure: true,
    layers: ['shared', 'renderer', 'resources'],
    packages: [...UI_LIBS, ...PURE_LIBS],
    builtins: [],
  },
  // Shipped data (the published spec JSON Schema, examples): imported as JSON, never code.
  resources: { dirs: ['resources/'], layers: [], packages: [], builtins: [] },
  // Tests, benchmarks, build scripts and configuration: not shipped as a layer, may use anything.
  tooling: {
    dirs: ['test/', 'e2e/', 'bench/', 'scripts/', 'bin/', 'eslint-rules/', ''],
    tooling: true,
  },
};

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
/** Globals that reach the process (and through it Node's built-ins) from a pure layer. */
const PROCESS_GLOBALS = new Set(['process', 'require', 'module', 'global']);

function relativeToRoot(absFile) {
  return path.relative(ROOT, absFile).split(path.sep).join('/');
}

/** The layer of a file, or undefined when it is in none. Root-level files are tooling. */
export function layerOf(absFile) {
  const rel = relativeToRoot(absFile);
  if (rel.startsWith('..')) return undefined;
  let best;
  for (const [name, layer] of Object.entries(LAYERS)) {
    for (const dir of layer.dirs) {
      // A folder imported by its index (`'../telemetry'`) is in the layer of that folder.
      const hit = dir === '' ? !rel.includes('/') : rel.startsWith(dir) || `${rel}/` === dir;
      if (hit && (!best || dir.length > best.dir.length)) best = { name, dir };
    }
  }
  return best?.name;
}

function packageOf(spec) {
  const bare = spec.split('?')[0];
  return bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : bare.split('/')[0];
}

function builtinName(spec) {
  const name = spec.replace(/^node:/, '').split('/')[0];
  return NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(name) ? name : undefined;
}

function listOf(items) {
  return items.length ? items.join(', ') : 'none';
}

/** Why `spec`, imported from `file` in layer `from`, is not allowed; undefined when it is. */
function refusal(from, file, spec) {
  const layer = LAYERS[from];
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const target = path.resolve(path.dirname(file), spec.split('?')[0]);
    const to = layerOf(target);
    if (to === undefined)
      return `'${spec}' resolves outside every layer (${relativeToRoot(target)}); layer '${from}' may import: ${listOf(layer.layers)}`;
    if (!layer.layers.includes(to))
      return `layer '${from}' may not import layer '${to}' ('${spec}'); allowed: ${listOf(layer.layers)}`;
    return undefined;
  }
  const builtin = builtinName(spec);
  if (builtin !== undefined) {
    if (layer.builtins === ALL_BUILTINS || layer.builtins.includes(builtin)) return undefined;
    return layer.pure
      ? `${from} must stay free of IO: Node built-in '${spec}' is not allowed (take a port instead)`
      : `layer '${from}' may not use Node built-in '${spec}'; allowed: ${listOf(layer.builtins)}`;
  }
  const pkg = packageOf(spec);
  const isTest = /\.test\.[cm]?[jt]sx?$/.test(file);
  if (layer.packages.includes(pkg) || (isTest && TEST_LIBS.includes(pkg))) return undefined;
  const owner = Object.entries(LAYERS).find(([, l]) => !l.tooling && l.packages.includes(pkg) && l.dirs.length === 1);
  const only = owner && Object.values(LAYERS).filter((l) => !l.tooling && l.packages.includes(pkg)).length === 1;
  if (only) return `only ${owner[1].dirs[0].replace(/\/$/, '')} may use '${pkg}' (layer '${from}' may not)`;
  return `layer '${from}' may not import package '${pkg}'; allowed: ${listOf(layer.packages)} (add a package to its layer in eslint-rules/layering.js only if it fits the layer)`;
}

/** The module name of an import source when it is a string the rule can read. */
function literalSource(node) {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return undefined;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce Waymark layering (see docs/architecture.md)' },
    schema: [],
    messages: { layer: '{{reason}}' },
  },
  create(context) {
    const file = path.resolve(context.filename ?? context.getFilename());
    const from = layerOf(file);
    const report = (node, reason) => context.report({ node, messageId: 'layer', data: { reason } });
    if (from === undefined) {
      return {
        Program: (node) =>
          report(
            node,
            `${relativeToRoot(file)} is in no layer: declare its folder in eslint-rules/layering.js (LAYERS) with what it may import`,
          ),
      };
    }
    const layer = LAYERS[from];
    if (layer.tooling) return {};
    const check = (node, spec) => {
      const reason = refusal(from, file, spec);
      if (reason) report(node, reason);
    };
    const checkSource = (node) => check(node, node.value);
    return {
      ImportDeclaration: (n) => checkSource(n.source),
      ExportNamedDeclaration: (n) => n.source && checkSource(n.source),
      ExportAllDeclaration: (n) => checkSource(n.source),
      TSImportEqualsDeclaration: (n) => {
        const ref = n.moduleReference;
        if (ref.type === 'TSExternalModuleReference') {
          if (layer.pure) report(ref, `${from} is a pure layer: 'import = require()' is not allowed; use import`);
          else checkSource(ref.expression);
        }
      },
      TSImportType: (n) => {
        const spec = n.argument?.type === 'TSLiteralType' ? literalSource(n.argument.literal) : undefined;
        if (spec !== undefined) check(n, spec);
      },
      ImportExpression: (n) => {
        const spec = literalSource(n.source);
        if (spec !== undefined) check(n.source, spec);
        else if (layer.pure)
          report(
            n.source,
            `${from} is a pure layer: import() of a computed module name cannot be checked; import a literal`,
          );
      },
      CallExpression: (n) => {
        if (n.callee.type !== 'Identifier' || n.callee.name !== 'require') return;
        const spec = n.arguments[0] ? literalSource(n.arguments[0]) : undefined;
        if (spec !== undefined && !layer.pure) check(n.arguments[0], spec);
      },
      // Pure layers reach nothing of the process: not `process` (getBuiltinModule, env, exit),
      // not `require`/`module`/`global`, nor the same through globalThis.
      MemberExpression: (n) => {
        if (!layer.pure || n.object.type !== 'Identifier' || n.computed) return;
        if (n.object.name !== 'globalThis' && n.object.name !== 'self' && n.object.name !== 'window') return;
        if (n.property.type === 'Identifier' && PROCESS_GLOBALS.has(n.property.name)) {
          report(
            n,
            `${from} is a pure layer: '${n.object.name}.${n.property.name}' is not allowed (take a port instead)`,
          );
        }
      },
      'Program:exit': () => {
        if (!layer.pure) return;
        const scope = context.sourceCode.scopeManager.globalScope;
        for (const ref of scope.through) {
          const name = ref.identifier.name;
          if (!PROCESS_GLOBALS.has(name)) continue;
          // A declaration of the same name somewhere in the file (e.g. a parameter) is not the global.
          if (scope.set.get(name)?.defs.length) continue;
          report(
            ref.identifier,
            name === 'process'
              ? `${from} is a pure layer: 'process' is not allowed (it reaches Node's built-ins through process.getBuiltinModule, the environment, exit); take a port instead`
              : `${from} is a pure layer: '${name}' is not allowed (it loads modules the rule cannot check); use import`,
          );
        }
      },
    };
  },
};
