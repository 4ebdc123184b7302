/**
 * The lazily loaded code editor: Monaco's chunk is fetched on first use, and a quiet
 * placeholder with the current text keeps the layout steady meanwhile.
 */
import { lazy, Suspense } from 'react';
import type { CodeEditorProps } from './CodeEditor';

const CodeEditor = lazy(() => import('./CodeEditor'));

export type { CodeEditorProps, CodeMarker } from './CodeEditor';

export function LazyCode(props: CodeEditorProps) {
  return (
    <Suspense
      fallback={
        <pre className={`wm-code wm-code--placeholder${props.fill ? ' wm-code--fill' : ''}`} aria-busy="true">
          {props.value || ' '}
        </pre>
      }
    >
      <CodeEditor {...props} />
    </Suspense>
  );
}
