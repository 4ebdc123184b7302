/**
 * Monaco languages for Waymark's two expression forms: JSONata expressions and
 * `{{ expression }}` templates. Monarch tokenizers only (no worker needed).
 */
import type * as Monaco from 'monaco-editor';

export const JSONATA = 'jsonata';
export const TEMPLATE = 'waymark-template';

const jsonataRules: Monaco.languages.IMonarchLanguageRule[] = [
  [/"([^"\\]|\\.)*"/, 'string'],
  [/'([^'\\]|\\.)*'/, 'string'],
  [/\b(and|or|in|true|false|null)\b/, 'keyword'],
  [/\$[A-Za-z_]\w*/, 'predefined'],
  [/\b(input|nodes|prev)\b/, 'variable'],
  [/-?\d+(\.\d+)?([eE][-+]?\d+)?/, 'number'],
  [/[{}()[\]]/, '@brackets'],
  [/[=<>!&|?:~+\-*/%.]/, 'operator'],
];

export function registerLanguages(monaco: typeof Monaco): void {
  if (monaco.languages.getLanguages().some((l) => l.id === JSONATA)) return;
  monaco.languages.register({ id: JSONATA });
  monaco.languages.setMonarchTokensProvider(JSONATA, {
    tokenizer: {
      root: [[/\/\*/, 'comment', '@comment'], ...jsonataRules],
      comment: [
        [/\*\//, 'comment', '@pop'],
        [/./, 'comment'],
      ],
    },
  });
  monaco.languages.setLanguageConfiguration(JSONATA, {
    brackets: [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ],
    autoClosingPairs: [
      { open: '(', close: ')' },
      { open: '[', close: ']' },
      { open: '{', close: '}' },
      { open: '"', close: '"' },
    ],
  });
  monaco.languages.register({ id: TEMPLATE });
  monaco.languages.setMonarchTokensProvider(TEMPLATE, {
    tokenizer: {
      root: [
        [/\{\{/, { token: 'delimiter.bracket', next: '@hole' }],
        [/[^{]+/, ''],
        [/\{/, ''],
      ],
      hole: [[/\}\}/, { token: 'delimiter.bracket', next: '@pop' }], ...jsonataRules],
    },
  });
}

export function defineThemes(monaco: typeof Monaco): void {
  const rules = (dark: boolean): Monaco.editor.ITokenThemeRule[] => [
    { token: 'variable', foreground: dark ? '9db4ff' : '3a55d9' },
    { token: 'predefined', foreground: dark ? 'e0a8ff' : '8e4ec6' },
    { token: 'delimiter.bracket', foreground: dark ? 'f5a524' : 'b45309', fontStyle: 'bold' },
  ];
  monaco.editor.defineTheme('waymark-light', {
    base: 'vs',
    inherit: true,
    rules: rules(false),
    colors: {
      'editor.background': '#ffffff',
      // Line numbers are text: AA contrast (4.5:1) on the background and on the current line.
      'editorLineNumber.foreground': '#687080',
      'editor.lineHighlightBackground': '#f4f6fa',
    },
  });
  monaco.editor.defineTheme('waymark-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: rules(true),
    colors: {
      'editor.background': '#15171c',
      'editorLineNumber.foreground': '#8b93a3',
      'editor.lineHighlightBackground': '#1c1f26',
    },
  });
}
