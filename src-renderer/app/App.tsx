/** The app shell: start screen or editor, plus dialogs and toasts that can appear over either. */
import { ReactFlowProvider } from '@xyflow/react';
import { FileDialogs } from '../documents/FileDialogs.index';
import { OpenErrorDialog } from '../documents/OpenErrorDialog';
import { StartScreen } from '../documents/StartScreen';
import { useDoc } from '../store/doc-store';
import { useUi } from '../store/ui-store';
import { ConnectionNotice } from './ConnectionNotice';
import { Editor } from './Editor';
import { SettingsDialog } from '../settings/SettingsDialog';
import { SearchDialog } from './SearchDialog';
import { ShortcutsDialog } from './ShortcutsDialog';
import { Toasts } from './Toasts';
import { useDocumentChrome } from './useDocumentChrome';
import { useNotices } from './useNotices';

export function App() {
  return (
    <ReactFlowProvider>
      <Shell />
    </ReactFlowProvider>
  );
}

function Shell() {
  const isOpen = useDoc((s) => s.isOpen);
  const dialog = useUi((s) => s.dialog);
  useDocumentChrome();
  useNotices();
  return (
    <>
      {isOpen ? <Editor /> : <StartScreen />}
      <FileDialogs dialog={dialog} />
      {dialog === 'shortcuts' && <ShortcutsDialog />}
      {dialog === 'search' && isOpen && <SearchDialog />}
      {dialog === 'settings' && <SettingsDialog />}
      <OpenErrorDialog />
      <ConnectionNotice />
      <Toasts />
    </>
  );
}
