/**
 * A Monaco editor for one field (or, with `fill`, for a whole panel). Loaded lazily via
 * LazyCode. Small fields grow with their content between `minLines` and `maxLines`, and
 * Tab moves focus onwards (tabFocusMode) so forms stay keyboard-navigable. Its wrapper is
 * marked NO_CANVAS_KEYS: Monaco types through an EditContext element React Flow does not
 * recognise as a field (see ui/keyboard.ts).
 */
import Editor, { type OnMount } from '@monaco-editor/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkflowSpec } from '../../shared/spec/schema';
import { monaco, setCompletionContext, themeName } from './setup';
import { NO_CANVAS_KEYS } from '../ui/keyboard';
import { insertion } from '../forms/variables';
import { insideTemplateHole } from './completions';
import { registerEditor, VARIABLE_MIME } from './editor-registry';
import { TEMPLATE } from './languages';

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
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  /**
   * Texts this editor reported that the `value` prop has not caught up with yet. A parent
   * re-renders after a keystroke, sometimes a few keystrokes later: its `value` is then
   * an echo of what the editor already holds (or held), never an outside change, and
   * writing it back would drop what was typed since (fast typing, a loaded machine).
   */
  const echoes = useRef<string[]>([]);
  const unregisterRef = useRef<(() => void) | undefined>(undefined);
  const valueRef = useRef(value);
  valueRef.current = value;
  const applying = useRef(false);

  const onMount = useCallback<OnMount>(
    (editor) => {
      editorRef.current = editor;
      unregisterRef.current?.();
      unregisterRef.current = registerEditor(path, editor);
      const uri = editor.getModel()?.uri.toString();
      if (uri) setCompletionContext(uri, () => completionRef.current?.());
      if (!fill) {
        const fit = () =>
          setHeight(Math.min(maxLines * LINE_HEIGHT, Math.max(minLines * LINE_HEIGHT, editor.getContentHeight())) + 12);
        editor.onDidContentSizeChange(fit);
        fit();
      }
      if (editor.getValue() !== valueRef.current) editor.setValue(valueRef.current);
      editor.onDidChangeModelContent(() => {
        if (applying.current) return;
        const text = editor.getValue();
        echoes.current.push(text);
        onChangeRef.current(text);
      });
      editor.onDidBlurEditorText(() => onBlurRef.current?.());
      editor.onDidFocusEditorText(() => onFocusRef.current?.());
    },
    [fill, minLines, maxLines],
  );

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const current = editor.getValue();
    const echo = echoes.current.indexOf(value);
    if (value === current) echoes.current = [];
    else if (echo >= 0) echoes.current = echoes.current.slice(echo + 1);
    else {
      // An outside change (undo, the spec view, a field reverting): replace the text as
      // one edit, so Monaco's own undo still steps back over it.
      echoes.current = [];
      applying.current = true;
      editor.executeEdits('waymark', [
        { range: editor.getModel()!.getFullModelRange(), text: value, forceMoveMarkers: true },
      ]);
      editor.pushUndoStop();
      applying.current = false;
    }
  }, [value]);

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
      unregisterRef.current?.();
    },
    [],
  );

  return (
    <div
      className={`wm-code ${NO_CANVAS_KEYS}${fill ? ' wm-code--fill' : ''}`}
      style={fill ? undefined : { height }}
      data-testid={testId}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(VARIABLE_MIME)) {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }
      }}
      onDrop={(e) => {
        // A field dragged from the variable picker lands where it is dropped (in a hole in templates).
        const varPath = e.dataTransfer.getData(VARIABLE_MIME);
        const editor = editorRef.current;
        if (!varPath || !editor) return;
        e.preventDefault();
        e.stopPropagation();
        const pos = editor.getTargetAtClientPoint(e.clientX, e.clientY)?.position ?? editor.getPosition();
        const model = editor.getModel();
        if (!pos || !model) return;
        const before = model.getValueInRange({
          startLineNumber: 1,
          startColumn: 1,
          endLineNumber: pos.lineNumber,
          endColumn: pos.column,
        });
        const text = insertion(varPath, language === TEMPLATE, insideTemplateHole(before));
        const at = {
          startLineNumber: pos.lineNumber,
          startColumn: pos.column,
          endLineNumber: pos.lineNumber,
          endColumn: pos.column,
        };
        editor.pushUndoStop();
        editor.executeEdits('variable-drop', [{ range: at, text, forceMoveMarkers: true }]);
        editor.pushUndoStop();
        editor.focus();
      }}
    >
      <Editor
        defaultValue={value}
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
