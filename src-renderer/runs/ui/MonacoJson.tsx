/**
 * Read-only JSON in Monaco (lazily loaded with the rest of Monaco): folding, search and
 * copy for outputs, prompts and responses. Height follows the content up to `maxLines`.
 */
import Editor, { type OnMount } from '@monaco-editor/react';
import { useCallback, useState } from 'react';
import { themeName } from '../../monaco/setup';
import { NO_CANVAS_KEYS } from '../../ui/keyboard';

const LINE = 18;

export default function MonacoJson({
  text,
  path,
  maxLines = 18,
  ariaLabel,
  language = 'json',
}: {
  text: string;
  path: string;
  maxLines?: number;
  ariaLabel: string;
  language?: string;
}) {
  const lines = text.split('\n').length;
  const [height, setHeight] = useState(Math.min(maxLines, lines) * LINE + 12);
  const onMount = useCallback<OnMount>(
    (editor) => {
      const fit = () => setHeight(Math.min(maxLines * LINE, editor.getContentHeight()) + 4);
      editor.onDidContentSizeChange(fit);
      fit();
    },
    [maxLines],
  );
  return (
    <div className={`wm-json ${NO_CANVAS_KEYS}`} style={{ height }}>
      <Editor
        value={text}
        language={language}
        path={path}
        theme={themeName()}
        onMount={onMount}
        loading={<pre className="wm-json__pre">{text}</pre>}
        options={{
          readOnly: true,
          domReadOnly: true,
          ariaLabel,
          minimap: { enabled: false },
          lineNumbers: 'off',
          glyphMargin: false,
          folding: true,
          lineDecorationsWidth: 4,
          scrollBeyondLastLine: false,
          wordWrap: 'on',
          fontSize: 12,
          lineHeight: LINE,
          fontFamily: "'JetBrains Mono', 'SF Mono', ui-monospace, Menlo, Consolas, monospace",
          renderLineHighlight: 'none',
          overviewRulerLanes: 0,
          scrollbar: { alwaysConsumeMouseWheel: false, verticalScrollbarSize: 8, horizontalScrollbarSize: 8 },
          automaticLayout: true,
          padding: { top: 4, bottom: 4 },
          contextmenu: false,
        }}
      />
    </div>
  );
}
