/**
 * Monaco, bundled locally and configured once: workers from Vite `?worker` imports (no
 * CDN — the app runs offline under a strict CSP), Waymark languages and themes, JSON
 * schemas, and completion for expressions and templates. Imported only by the lazily
 * loaded editor components, so the canvas paints before Monaco loads.
 */
import { loader } from '@monaco-editor/react';
import type * as MonacoApi from 'monaco-editor';
// The editor core plus only the JSON language: `import * as monaco from 'monaco-editor'`
// would also bundle the TypeScript, CSS and HTML services and their workers (~9 MB) that
// Waymark never uses. Same editor, same offline/CSP properties, a much smaller app.
import * as monacoCore from 'monaco-editor/esm/vs/editor/editor.api.js';
import * as jsonContribution from 'monaco-editor/esm/vs/language/json/monaco.contribution.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker?worker';
import type { WorkflowSpec } from '../../shared/spec/schema';
import { completionCandidates, insideTemplateHole, pathBeforeCursor } from './completions';
import {
  AUTHORING_SCHEMA,
  connectorsJsonSchema,
  policyJsonSchema,
  secretsJsonSchema,
  SPEC_SCHEMA_URI,
  specJsonSchema,
} from './json-schemas';
import { currentTheme, onThemeChange } from '../app/theme';
import { defineThemes, JSONATA, registerLanguages, TEMPLATE } from './languages';

// The JSON contribution ships without type declarations; its runtime shape is `monaco.json`.
const json = jsonContribution as unknown as typeof MonacoApi.json;
const monaco = monacoCore as unknown as typeof MonacoApi;

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
};

loader.config({ monaco });
registerLanguages(monaco);
defineThemes(monaco);

json.jsonDefaults.setDiagnosticsOptions({
  validate: true,
  allowComments: false,
  enableSchemaRequest: false,
  schemas: [
    { uri: SPEC_SCHEMA_URI, fileMatch: ['*.waymark.json'], schema: specJsonSchema() },
    {
      uri: 'https://waymark.local/schema/authoring.json',
      fileMatch: ['*.schema-field.json'],
      schema: AUTHORING_SCHEMA,
    },
    { uri: 'https://waymark.local/schema/zone-policy.json', fileMatch: ['*.policy.json'], schema: policyJsonSchema() },
    {
      uri: 'https://waymark.local/schema/connectors.json',
      fileMatch: ['*.connectors.json'],
      schema: connectorsJsonSchema(),
    },
    { uri: 'https://waymark.local/schema/secrets.json', fileMatch: ['*.secrets.json'], schema: secretsJsonSchema() },
  ],
});

/** Per-model completion context: which spec and which node an editor belongs to. */
type CompletionContext = { spec: WorkflowSpec; nodeId: string | undefined };
const contexts = new Map<string, () => CompletionContext | undefined>();

export function setCompletionContext(modelUri: string, get: (() => CompletionContext | undefined) | undefined): void {
  if (get) contexts.set(modelUri, get);
  else contexts.delete(modelUri);
}

const KIND = {
  variable: monaco.languages.CompletionItemKind.Variable,
  field: monaco.languages.CompletionItemKind.Field,
  node: monaco.languages.CompletionItemKind.Module,
};

function provider(template: boolean): MonacoApi.languages.CompletionItemProvider {
  return {
    triggerCharacters: ['.', '{', ' '],
    provideCompletionItems(model, position) {
      const ctx = contexts.get(model.uri.toString())?.();
      if (!ctx) return { suggestions: [] };
      const textBefore = model.getValueInRange({
        startLineNumber: 1,
        startColumn: 1,
        endLineNumber: position.lineNumber,
        endColumn: position.column,
      });
      if (template && !insideTemplateHole(textBefore)) return { suggestions: [] };
      const typed = pathBeforeCursor(model.getLineContent(position.lineNumber).slice(0, position.column - 1));
      const range = {
        startLineNumber: position.lineNumber,
        endLineNumber: position.lineNumber,
        startColumn: position.column - typed.length,
        endColumn: position.column,
      };
      return {
        suggestions: completionCandidates(ctx.spec, ctx.nodeId).map((c, i) => ({
          label: c.label,
          kind: KIND[c.kind],
          detail: c.detail,
          insertText: c.label,
          filterText: c.label,
          sortText: String(i).padStart(4, '0'),
          range,
        })),
      };
    },
  };
}

monaco.languages.registerCompletionItemProvider(JSONATA, provider(false));
monaco.languages.registerCompletionItemProvider(TEMPLATE, provider(true));

export const themeName = () => (currentTheme() === 'dark' ? 'waymark-dark' : 'waymark-light');
monaco.editor.setTheme(themeName());
onThemeChange(() => monaco.editor.setTheme(themeName()));

export { monaco };
