/** The recent-files list from the backend, fetched when a view that shows it mounts. */
import { useEffect, useState } from 'react';
import { recentFiles } from './commands';

export function useRecent(): string[] | undefined {
  const [recent, setRecent] = useState<string[]>();
  useEffect(() => {
    let live = true;
    void recentFiles().then((r) => live && setRecent(r));
    return () => {
      live = false;
    };
  }, []);
  return recent;
}
