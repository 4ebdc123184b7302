/**
 * Handler types of the API service, derived from the contract (shared/api.ts) and kept apart
 * from the implementation so the modules that supply groups of handlers (runs/service.ts,
 * secrets-service.ts) can type them without importing the service.
 */
import type { ApiMethod, ApiMethodIn, ApiParamsOut, ApiResultIn } from '../../shared/api';

export type { ApiParamsOut } from '../../shared/api';

/** One handler per contract method: validated params in, a result matching the contract out. */
export type ApiHandlers = { [M in ApiMethod]: (params: ApiParamsOut<M>) => Promise<ApiResultIn<M>> };

/** The namespaces served by the engine (runs/service.ts). */
export const RUN_NAMESPACES = ['runs', 'approvals', 'audit', 'cost'] as const;

/** The methods about runs, approvals, the audit log and cost projections, served by the engine (runs/service.ts). */
export type RunMethod = ApiMethodIn<(typeof RUN_NAMESPACES)[number]>;

/** Handlers of {@link RunMethod}s. */
export type RunHandlers = Pick<ApiHandlers, RunMethod>;
