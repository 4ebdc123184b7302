/**
 * What the backend knows of secrets, for the connector forms: whether it stores values
 * (desktop app, web host) and which names already have one. Names only, never values.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ApiResults } from '../../../shared/api';
import { api } from '../../bridge';
import { orToast } from '../../runs/store/call';

export function useSecretListing(names: readonly string[]): {
  listing: ApiResults['secrets.list'] | undefined;
  store(name: string, value: string): Promise<boolean>;
} {
  const [listing, setListing] = useState<ApiResults['secrets.list'] | undefined>();
  const key = names.join(',');
  useEffect(() => {
    let live = true;
    void orToast(api.secrets.list({ names: key ? key.split(',') : [] }), 'Could not list secrets').then(
      (r) => live && r && setListing(r),
    );
    return () => {
      live = false;
    };
  }, [key]);
  const store = useCallback(
    async (name: string, value: string) =>
      !!(await orToast(api.secrets.set({ name, value }), `Could not store ${name}`)),
    [],
  );
  return { listing, store };
}
