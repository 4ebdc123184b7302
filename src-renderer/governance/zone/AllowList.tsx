/**
 * A checkbox allow-list (connectors or secrets). Nothing ticked means the list is absent:
 * everything allowed. A name the list holds but the spec no longer declares stays visible,
 * marked, so it can be unticked rather than hiding in the JSON.
 */
import type { Zone } from '../../../shared/spec/schema';
import { Button } from '../../ui/Button';
import type { AllowListKey } from '../model/zone-policy';
import { clearAllowList, toggleAllowed } from '../store/zone-policy-actions';

export interface AllowItem {
  name: string;
  detail?: string;
}

export function AllowList({
  zone,
  listKey,
  items,
  noun,
}: {
  zone: Zone;
  listKey: AllowListKey;
  items: readonly AllowItem[];
  noun: string;
}) {
  const list = zone.policy[listKey];
  const names = items.map((i) => i.name);
  const stale = (list ?? [])
    .filter((n) => !names.includes(n))
    .map((name): AllowItem => ({ name, detail: 'not declared in this workflow' }));
  const all = [...items, ...stale];
  const labelId = `zone-${zone.id}-${listKey}`;
  const status =
    list === undefined
      ? `All ${noun}s allowed`
      : list.length === 0
        ? `Empty list: no ${noun} may be used here`
        : `Only ${list.length} ticked ${noun}${list.length === 1 ? '' : 's'}`;
  return (
    <div className="wm-field" role="group" aria-labelledby={labelId} data-testid={`zone-allow-${listKey}`}>
      <div className="wm-field__top">
        <span className="wm-field__label" id={labelId}>
          Allowed {noun}s
        </span>
        {list !== undefined && (
          <Button size="sm" label={`Allow all ${noun}s`} onClick={() => clearAllowList(zone.id, listKey)} />
        )}
      </div>
      <p className={`wm-gov-allow__status${list?.length === 0 ? ' is-warning' : ''}`}>{status}</p>
      {all.length === 0 ? (
        <p className="wm-field__help">This workflow declares no {noun}s.</p>
      ) : (
        <ul className="wm-gov-allow">
          {all.map((item) => {
            const id = `${labelId}-${item.name}`;
            return (
              <li key={item.name}>
                <input
                  id={id}
                  type="checkbox"
                  checked={!!list?.includes(item.name)}
                  onChange={(e) => toggleAllowed(zone.id, listKey, item.name, e.target.checked, names)}
                />
                <label htmlFor={id}>
                  <span className="wm-gov-allow__name">{item.name}</span>
                  {item.detail && <span className="wm-gov-allow__detail">{item.detail}</span>}
                </label>
              </li>
            );
          })}
        </ul>
      )}
      <p className="wm-field__help">
        A step calling through a {noun} not allowed here is forbidden. Leave all unticked to allow every {noun}.
      </p>
    </div>
  );
}
