/** The engine's public surface, for composition roots (CLI, web host, desktop). */
export { Engine } from './engine';
export type { Decision, EngineDeps, RunOutcome, StartOptions, TimeoutReport } from './contracts';
export { InputInvalidError, SpecInvalidError } from './errors';
export type { TimeoutAction, TimeoutResult } from './policy/timeouts';
export { builtinRegistry } from './nodes';
export { NodeRegistry } from './registry';
export { StepError, ApprovalConflictError, RunStateError } from './errors';
export type * from './store';
export type * from './ports';
export type { NodeDefinition, NodeContext, NodeResult } from './node-def';
export { runSingleNode, type SingleNodeResult } from './run-node';
export { scopeAt, watch, type WatchResult } from './inspect';
export type { ForkOptions } from './fork';
export type { Breakpoints } from './debug';
export type { DueWait } from './waits';
export type { ApprovalRequest, TimedWait } from './node-def';
