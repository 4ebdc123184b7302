/**
 * Secrets: every name the workflow references (declared, or used by a connector) and
 * every stored one, with where its value comes from. In the desktop app values can be set
 * (write-only) and deleted; a web or headless backend reads them from its environment,
 * and the panel says how to provide them there. Only names ever reach the renderer.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ApiResults } from '../../../shared/api';
import { orToast } from '../../runs/store/call';
import { useDoc } from '../../store/doc-store';
import { toast } from '../../store/ui-store';
import { Icon } from '../../ui/icons';
import { secretRows, specSecretNames } from '../model/secret-names';
import { GovIcon } from '../ui/gov-icons';
import { SecretRowView } from './SecretRowView';
import { api } from '../../bridge';

type Listing = ApiResults['secrets.list'];

export function SecretsPanel() {
  const names = useDoc(useShallow((s) => specSecretNames(s.spec)));
  const spec = useDoc((s) => s.spec);
  const [listing, setListing] = useState<Listing | undefined>();
  const [editing, setEditing] = useState<string | null>(null);
  const namesKey = names.join(',');

  const refresh = useCallback(async () => {
    const r = await orToast(api.secrets.list({ names: namesKey ? namesKey.split(',') : [] }), 'Could not list secrets');
    if (r) setListing(r);
  }, [namesKey]);
  useEffect(() => void refresh(), [refresh]);

  const rows = useMemo(() => secretRows(spec, listing), [spec, listing]);
  const writable = listing?.writable ?? false;

  const save = async (name: string, value: string) => {
    const ok = await orToast(api.secrets.set({ name, value }), `Could not store ${name}`);
    if (ok) toast(`${name} stored${listing?.encrypted ? ', encrypted' : ''}`, 'success');
    await refresh();
    return !!ok;
  };
  const remove = async (name: string) => {
    const r = await orToast(api.secrets.delete({ name }), `Could not delete ${name}`);
    if (r) toast(r.deleted ? `${name} deleted` : `${name} was not stored`);
    await refresh();
  };

  return (
    <div className="wm-gov-secrets" role="region" aria-label="Secrets" data-testid="secrets-panel">
      <header className="wm-inspector__head wm-gov-secrets__head">
        <span className="wm-inspector__icon wm-gov-secrets__icon" aria-hidden="true">
          <GovIcon name="key" size={18} />
        </span>
        <div>
          <h2 className="wm-inspector__title">Secrets</h2>
          <p className="wm-inspector__sub">
            Workflows name secrets; values stay in the backend. A value can be replaced or deleted, never read back.
          </p>
        </div>
      </header>
      {listing?.warning && (
        <p className="wm-gov-note wm-gov-note--warning" role="alert" data-testid="secrets-warning">
          <Icon name="warning" size={15} />
          <span>{listing.warning}</span>
        </p>
      )}
      {listing && !writable && (
        <div className="wm-gov-note" data-testid="secrets-readonly">
          <GovIcon name="lock" size={15} />
          <div>
            <strong>
              Values come from the environment of <code>waymark serve</code>
            </strong>
            <p>
              This backend does not store secrets. Set each one as an environment variable of the same name (or in a
              file passed with <code>--secrets-file</code>) where <code>waymark serve</code> runs, then restart it. The
              desktop app stores them encrypted with your system&apos;s keychain instead.
            </p>
          </div>
        </div>
      )}
      {listing && writable && !listing.encrypted && !listing.warning && (
        <p className="wm-gov-note wm-gov-note--warning">Values are not encrypted at rest on this system.</p>
      )}
      {rows.length === 0 ? (
        <div className="wm-runs-empty">
          <strong>No secrets</strong>
          <span>
            This workflow references none. Declare them in the workflow settings (names only) and use them in
            connectors.
          </span>
        </div>
      ) : (
        <ul className="wm-gov-secrets__list" aria-label="Secret names" data-testid="secrets-list">
          {rows.map((row) => (
            <SecretRowView
              key={row.name}
              row={row}
              writable={writable}
              editing={editing === row.name}
              onEdit={(on) => setEditing(on ? row.name : null)}
              onSave={(v) => save(row.name, v)}
              onDelete={() => void remove(row.name)}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
