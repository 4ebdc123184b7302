/**
 * The search box of the canvas pickers (the step picker and "connect to…"): a combobox that
 * owns the typing and hands arrows/Enter/Escape to the picker's own key handler.
 */
import type { KeyboardEvent, RefObject } from 'react';
import { Icon } from '../ui/icons';

export function PickerSearch(props: {
  inputRef: RefObject<HTMLInputElement | null>;
  value: string;
  onChange(value: string): void;
  onKeyDown(e: KeyboardEvent<HTMLInputElement>): void;
  /** The id of the listbox it drives, and of its highlighted option. */
  listId: string;
  activeId: string | undefined;
  expanded: boolean;
  label: string;
  placeholder: string;
}) {
  return (
    <div className="wm-picker__search">
      <Icon name="search" size={14} />
      <input
        ref={props.inputRef}
        type="text"
        role="combobox"
        aria-expanded={props.expanded}
        aria-controls={props.listId}
        aria-autocomplete="list"
        aria-activedescendant={props.activeId}
        aria-label={props.label}
        placeholder={props.placeholder}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={props.onKeyDown}
        spellCheck={false}
        autoComplete="off"
      />
    </div>
  );
}
