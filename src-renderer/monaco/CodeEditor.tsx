/**
 * A Monaco editor for one field (or, with `fill`, for a whole panel). Loaded lazily via
 * LazyCode. Small fields grow with their content between `minLines` and `maxLines`, and
 * Tab moves focus onwards (tabFocusMode) so forms stay keyboard-navigable.
 */
import Editor, { type OnMount } from '@monaco-editor/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkflowSpec } from '../../shared/spec/schema';
import { monaco, setCompletionContext, themeName } from './setup';

export interface CodeMarker {
  message: string;
  severity: 'error' | 'warning';
  /** 1-based; whole text when absent. */
  line?: number;
  column?: number;
}

export interface CodeEditorProps {
  value: string;
  onChange(text: string): void;
  language: string;
  /** Unique model path; its file name picks the JSON schema (see setup.ts). */
  path: string;
  ariaLabel: string;
  minLines?: number;
  maxLines?: number;
  fill?: boolean;
  markers?: readonly CodeMarker[];
  completion?: () => { spec: WorkflowSpec; nodeId: string | undefined };
  lineNumbers?: boolean;
  onBlur?(): void;
  onFocus?(): void;
  placeholder?: string;
  testId?: string;
}

const LINE_HEIGHT = 19;

export default function CodeEditor(props: CodeEditorProps) {
  const {
    value,
    onChange,
    language,
    path,
    ariaLabel,
    minLines = 2,
    maxLines = 14,
    fill,
    markers,
    completion,
    lineNumbers,
    onBlur,
    onFocus,
    placeholder,
    testId,
  } = props;
  const [height, setHeight] = useState(minLines * LINE_HEIGHT + 12);
  const editorRef = useRef<Parameters<OnMount>[0] | null>(null);
  const completionRef = useRef(completion);
  completionRef.current = completion;
  const onBlurRef = useRef(onBlur);
  onBlurRef.current = onBlur;
  const onFocusRef = useRef(onFocus);
  onFocusRef.current = onFocus;

  const onMount = useCallback<OnMount>(
    (editor) => {
      editorRef.current = editor;
      const uri = editor.getModel()?.uri.toString();
      if (uri) setCompletionContext(uri, () => completionRef.current?.());
      if (!fill) {
        const fit = () =>
          setHeight(Math.min(maxLines * LINE_HEIGHT, Math.max(minLines * LINE_HEIGHT, editor.getContentHeight())) + 12);
        editor.onDidContentSizeChange(fit);
        fit();
      }
      editor.onDidBlurEditorText(() => onBlurRef.current?.());
      editor.onDidFocusEditorText(() => onFocusRef.current?.());
    },
    [fill, minLines, maxLines],
  );

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const lines = model.getLineCount();
    monaco.editor.setModelMarkers(
      model,
      'waymark',
      (markers ?? []).map((m) => ({
        message: m.message,
        severity: m.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        startLineNumber: m.line ?? 1,
        startColumn: m.column ?? 1,
        endLineNumber: m.line ?? lines,
        endColumn: m.line ? (m.column ?? 1) + 1 : model.getLineMaxColumn(lines),
      })),
    );
  }, [markers, value]);

  useEffect(
    () => () => {
      const uri = editorRef.current?.getModel()?.uri.toString();
      if (uri) setCompletionContext(uri, undefined);
    },
    [],
  );

  return (
    <div
      className={`wm-code${fill ? ' wm-code--fill' : ''}`}
      style={fill ? undefined : { height }}
      data-testid={testId}
    >
      <Editor
        value={value}
        onChange={(v) => onChange(v ?? '')}
        language={language}
        path={path}
        theme={themeName()}
        onMount={onMount}
        loading={<div className="wm-code__loading">Loading editor…</div>}
        options={{
          ariaLabel,
          placeholder,
          minimap: { enabled: false },
          lineNumbers: lineNumbers || fill ? 'on' : 'off',
          glyphMargin: false,
          folding: !!fill,
          lineDecorationsWidth: fill ? 8 : 6,
          lineNumbersMinChars: 3,
          scrollBeyondLastLine: false,
          wordWrap: fill ? 'off' : 'on',
          fontSize: 12.5,
          lineHeight: LINE_HEIGHT,
          fontFamily: "'JetBrains Mono', 'SF Mono', ui-monospace, Menlo, Consolas, monospace",
          renderLineHighlight: fill ? 'line' : 'none',
          overviewRulerLanes: fill ? 2 : 0,
          hideCursorInOverviewRuler: true,
          scrollbar: { alwaysConsumeMouseWheel: false, verticalScrollbarSize: 8, horizontalScrollbarSize: 8 },
          fixedOverflowWidgets: true,
          tabFocusMode: !fill,
          automaticLayout: true,
          padding: { top: 6, bottom: 6 },
          quickSuggestions: language === 'json' ? true : { other: true, strings: true, comments: false },
          suggest: { showWords: false },
          tabSize: 2,
        }}
      />
    </div>
  );
}
