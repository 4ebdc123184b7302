/**
 * Handler types of the API service, apart from its implementation so the modules that
 * supply groups of handlers (runs/service.ts) can type them without importing the service.
 */
import type { z } from 'zod';
import type { API_METHODS, ApiMethod, ApiResults } from '../../shared/api';

/** Params after validation (defaults applied), per method. */
export type ApiParamsOut<M extends ApiMethod> = z.output<(typeof API_METHODS)[M]>;

/** One handler per contract method. */
export type ApiHandlers = { [M in ApiMethod]: (params: ApiParamsOut<M>) => Promise<ApiResults[M]> };

/** The methods about runs and approvals, served by the engine (runs/service.ts). */
export type RunMethod = Extract<ApiMethod, `runs.${string}` | `approvals.${string}` | `audit.${string}`>;

/** Handlers of {@link RunMethod}s. */
export type RunHandlers = Pick<ApiHandlers, RunMethod>;
