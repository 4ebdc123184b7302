/**
 * Window chrome that follows the document: the title (with a dirty marker) and the
 * "leave page?" prompt when there is unsaved work.
 */
import { useEffect } from 'react';
import { isDirty, useDoc } from '../store/doc-store';

export function useDocumentChrome(): void {
  const name = useDoc((s) => s.spec.name);
  const dirty = useDoc((s) => s.isOpen && isDirty(s));
  const isOpen = useDoc((s) => s.isOpen);
  useEffect(() => {
    document.title = isOpen ? `${dirty ? '● ' : ''}${name} — Waymark` : 'Waymark';
  }, [name, dirty, isOpen]);
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Chrome still needs returnValue set to show the prompt.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
}
