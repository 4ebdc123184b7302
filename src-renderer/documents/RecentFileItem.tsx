import { Icon } from '../ui/icons';

/**
 * One recent file: its name, then its full path. The path is wrapped in left-to-right marks
 * so a right-aligned, truncated path keeps its slashes in place.
 */
export function RecentFileItem({ path, onOpen }: { path: string; onOpen: (path: string) => void }) {
  return (
    <li>
      <button type="button" className="wm-recent__item" onClick={() => onOpen(path)}>
        <Icon name="file" size={14} />
        <span className="wm-recent__name">{path.split(/[\\/]/).pop()}</span>
        <span className="wm-recent__path">{`\u200e${path}\u200e`}</span>
      </button>
    </li>
  );
}
