/**
 * Loads the served node catalog once the API is reachable. A failure leaves the built-in
 * catalog in place and is reported, since the editor still works for the built-in types.
 */
import type { ApiClient } from '../../shared/api-client';
import { setServedCatalog } from './catalog';

/** Asks the backend for its catalog and installs it; resolves false when that failed. */
export async function loadNodeCatalog(
  api: Pick<ApiClient, 'catalog'>,
  onError: (e: unknown) => void = () => {},
): Promise<boolean> {
  try {
    setServedCatalog(await api.catalog.get());
    return true;
  } catch (e) {
    onError(e);
    return false;
  }
}
