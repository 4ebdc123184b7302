/** The Form | JSON switch above a setting that has both views. */
export function ViewToggle({
  label,
  view,
  onChange,
  formDisabled,
}: {
  label: string;
  view: 'form' | 'json';
  onChange(v: 'form' | 'json'): void;
  formDisabled?: boolean;
}) {
  return (
    <div className="wm-viewtoggle" role="group" aria-label={`${label}: view`}>
      <button
        type="button"
        className="wm-viewtoggle__btn"
        aria-pressed={view === 'form'}
        disabled={formDisabled}
        onClick={() => onChange('form')}
      >
        Form
      </button>
      <button
        type="button"
        className="wm-viewtoggle__btn"
        aria-pressed={view === 'json'}
        onClick={() => onChange('json')}
      >
        JSON
      </button>
    </div>
  );
}
