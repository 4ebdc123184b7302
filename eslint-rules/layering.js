// Waymark's layering rule: folders are layers, and this rule is the only place that says
// which layer may import which. Do not relax it per file: fix the design instead.
// Modelled on VS Code's `code-layering` rule: resolve every import, then check it.
import { builtinModules } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** Layer name by path prefix (first match wins). */
const LAYERS = [
  ['shared', 'shared/'],
  ['engine', 'src-main/engine/'],
  ['storage', 'src-main/storage/'],
  ['connectors', 'src-main/connectors/'],
  ['sandbox', 'src-main/sandbox/'],
  ['host', 'src-main/host/'],
  ['cli', 'src-main/cli/'],
  ['electron', 'src-main/electron/'],
  ['renderer', 'src-renderer/'],
];

/** Which of our layers each layer may import. */
const ALLOWED = {
  shared: ['shared'],
  engine: ['shared', 'engine'],
  storage: ['shared', 'engine', 'storage'],
  connectors: ['shared', 'engine', 'connectors'],
  sandbox: ['shared', 'engine', 'sandbox'],
  host: ['shared', 'engine', 'storage', 'connectors', 'sandbox', 'host'],
  cli: ['shared', 'engine', 'storage', 'connectors', 'host', 'cli'],
  electron: ['shared', 'engine', 'storage', 'connectors', 'host', 'electron'],
  renderer: ['shared', 'renderer'],
};

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const UI_PACKAGES = ['react', 'react-dom', '@xyflow/react', 'zustand', 'monaco-editor', '@monaco-editor/react'];

/** Third-party packages a layer must not import (prefix match on the package name). */
function deniedPackage(layer, spec) {
  const isBuiltin = NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(spec.split('/')[0]);
  const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
  if (pkg === 'better-sqlite3' && layer !== 'storage') return 'only src-main/storage may use better-sqlite3';
  if (pkg === 'electron' && layer !== 'electron') return 'only src-main/electron may import electron';
  if (isBuiltin && (layer === 'shared' || layer === 'engine' || layer === 'renderer')) {
    return `${layer} must stay free of IO: Node built-in '${spec}' is not allowed (take a port instead)`;
  }
  if (UI_PACKAGES.includes(pkg) && layer !== 'renderer') return `UI package '${pkg}' belongs in src-renderer`;
  return undefined;
}

function layerOf(absFile) {
  const rel = path.relative(ROOT, absFile).split(path.sep).join('/');
  for (const [name, prefix] of LAYERS) if (rel.startsWith(prefix)) return name;
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
    const filename = context.filename ?? context.getFilename();
    const from = layerOf(path.resolve(filename));
    if (!from) return {};
    function check(node, spec) {
      if (typeof spec !== 'string') return;
      let reason;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = layerOf(path.resolve(path.dirname(path.resolve(filename)), spec));
        if (target && !ALLOWED[from].includes(target)) {
          reason = `layer '${from}' may not import layer '${target}' ('${spec}'); allowed: ${ALLOWED[from].join(', ')}`;
        }
      } else {
        reason = deniedPackage(from, spec);
      }
      if (reason) context.report({ node, messageId: 'layer', data: { reason } });
    }
    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source, n.source.value),
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal') {
          check(n.arguments[0], n.arguments[0].value);
        }
      },
    };
  },
};
