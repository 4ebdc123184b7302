/**
 * Every attribute, span and event name Waymark's traces use — the one module to change when
 * the conventions move.
 *
 * The GenAI semantic conventions are at "Development" status and are moving from
 * open-telemetry/semantic-conventions (last there in v1.41) to their own repository
 * (open-telemetry/semantic-conventions-genai); names may still change between releases.
 * Nothing else in Waymark spells a `gen_ai.*` name: the span builders import them from here.
 *
 * Three vocabularies, each for its readers:
 * - `GEN_AI` and `GENERAL` (OpenTelemetry semantic conventions): what Langfuse, Jaeger,
 *   Grafana and most backends read;
 * - `OPENINFERENCE` (Arize's conventions): what Phoenix uses to draw LLM, tool and chain
 *   spans (it shows plain OTLP spans too, just without those views);
 * - `WAYMARK` (`waymark.*`): what only Waymark knows — run, spec, step, policy, approvals.
 */

/** GenAI semantic conventions (gen_ai.*). */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestTemperature: 'gen_ai.request.temperature',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  responseModel: 'gen_ai.response.model',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  /** Not in the conventions: Langfuse reads it as the call's total cost (USD). */
  usageCost: 'gen_ai.usage.cost',
  /** Opt-in content: the chat history sent, as JSON (the conventions' input messages schema). */
  inputMessages: 'gen_ai.input.messages',
  /** Opt-in content: the model's reply, as JSON (output messages schema). */
  outputMessages: 'gen_ai.output.messages',
  /** Opt-in content: system instructions sent apart from the chat history, as JSON. */
  systemInstructions: 'gen_ai.system_instructions',
  toolName: 'gen_ai.tool.name',
  toolType: 'gen_ai.tool.type',
  toolDescription: 'gen_ai.tool.description',
  toolCallId: 'gen_ai.tool.call.id',
  /** The workflow's name on the invoke_workflow span (v1.41; the new repository renames it gen_ai.agent.name). */
  workflowName: 'gen_ai.workflow.name',
  agentName: 'gen_ai.agent.name',
  conversationId: 'gen_ai.conversation.id',
} as const;

/** Values of `gen_ai.operation.name`. */
export const GEN_AI_OPERATION = {
  chat: 'chat',
  executeTool: 'execute_tool',
  invokeWorkflow: 'invoke_workflow',
} as const;

/** `gen_ai.tool.type` of a call the engine makes to an outside API on the agent's side. */
export const GEN_AI_TOOL_TYPE_EXTENSION = 'extension';

/**
 * `gen_ai.provider.name` for a connector's provider. "openai" covers every OpenAI-compatible
 * server (the conventions say: the instrumentation's best knowledge; the model and
 * `server.address` tell the rest).
 */
export function genAiProviderName(provider: string): string {
  switch (provider) {
    case 'openai':
      return 'openai';
    case 'anthropic':
      return 'anthropic';
    default:
      return provider;
  }
}

/** General semantic conventions (stable ones: error, server, HTTP, URL, service). */
export const GENERAL = {
  errorType: 'error.type',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  httpRequestMethod: 'http.request.method',
  httpResponseStatusCode: 'http.response.status_code',
  urlFull: 'url.full',
  serviceName: 'service.name',
  serviceVersion: 'service.version',
  hostName: 'host.name',
  exceptionMessage: 'exception.message',
} as const;

/** Arize OpenInference attributes, for Phoenix. */
export const OPENINFERENCE = {
  spanKind: 'openinference.span.kind',
  llmModelName: 'llm.model_name',
  llmProvider: 'llm.provider',
  llmTokenCountPrompt: 'llm.token_count.prompt',
  llmTokenCountCompletion: 'llm.token_count.completion',
  llmTokenCountTotal: 'llm.token_count.total',
  toolName: 'tool.name',
  inputValue: 'input.value',
  outputValue: 'output.value',
  /** A resource attribute: the Phoenix project spans land in. */
  projectName: 'openinference.project.name',
} as const;

/** Values of `openinference.span.kind`. */
export const OPENINFERENCE_KIND = { chain: 'CHAIN', llm: 'LLM', tool: 'TOOL', guardrail: 'GUARDRAIL' } as const;

/** Waymark's own attributes. */
export const WAYMARK = {
  runId: 'waymark.run.id',
  runStatus: 'waymark.run.status',
  runSimulate: 'waymark.run.simulate',
  runTrigger: 'waymark.run.trigger',
  runParentId: 'waymark.run.parent_id',
  runForkedFromStep: 'waymark.run.forked_from_step',
  runSteps: 'waymark.run.steps',
  specId: 'waymark.spec.id',
  specName: 'waymark.spec.name',
  specHash: 'waymark.spec.hash',
  /** USD, on the workflow span (the run's total), each step and each model call. */
  costUsd: 'waymark.cost.usd',
  llmCalls: 'waymark.usage.llm_calls',
  inputTokens: 'waymark.usage.input_tokens',
  outputTokens: 'waymark.usage.output_tokens',
  stepIndex: 'waymark.step.index',
  stepNodeId: 'waymark.step.node_id',
  stepNodeType: 'waymark.step.node_type',
  stepName: 'waymark.step.name',
  stepStatus: 'waymark.step.status',
  stepPort: 'waymark.step.port',
  stepAttempts: 'waymark.step.attempts',
  stepNext: 'waymark.step.next_node_id',
  stepSimulated: 'waymark.step.simulated',
  stepHandled: 'waymark.step.error_handled',
  stepZone: 'waymark.step.zone',
  errorCode: 'waymark.error.code',
  attempt: 'waymark.attempt',
  connector: 'waymark.connector',
  idempotencyKey: 'waymark.idempotency_key',
  decisionBranch: 'waymark.decision.branch',
  decisionRuleIndex: 'waymark.decision.rule_index',
  decisionRule: 'waymark.decision.rule',
  decisionLabel: 'waymark.decision.label',
  decisionRationale: 'waymark.decision.rationale',
  approvalId: 'waymark.approval.id',
  approvalReason: 'waymark.approval.reason',
  approvalApprovers: 'waymark.approval.approvers',
  approvalTimeoutAt: 'waymark.approval.timeout_at',
  approvalDecision: 'waymark.approval.decision',
  approvalDecidedBy: 'waymark.approval.decided_by',
  approvalEdited: 'waymark.approval.edited',
  approvalWaitMs: 'waymark.approval.wait_ms',
  approvalEscalatedTo: 'waymark.approval.escalated_to',
  waitState: 'waymark.wait.state',
  waitUntil: 'waymark.wait.until',
  /** Content (only with capture on): the approval message and the approver's comment. */
  approvalMessage: 'waymark.approval.message',
  approvalComment: 'waymark.approval.comment',
  guardrailVerdict: 'waymark.guardrail.verdict',
  guardrailFindings: 'waymark.guardrail.findings',
  guardrailKinds: 'waymark.guardrail.kinds',
  guardrailSource: 'waymark.guardrail.source',
  policyCall: 'waymark.policy.call',
  policyDecision: 'waymark.policy.decision',
  policyRule: 'waymark.policy.rule',
  policyZone: 'waymark.policy.zone',
  policyRiskClass: 'waymark.policy.risk_class',
  budgetZone: 'waymark.budget.zone',
  budgetLimit: 'waymark.budget.limit',
  budgetValue: 'waymark.budget.value',
  budgetMax: 'waymark.budget.max',
  budgetPhase: 'waymark.budget.phase',
  retryDelayMs: 'waymark.retry.delay_ms',
  secretName: 'waymark.secret.name',
  secretFound: 'waymark.secret.found',
  editBy: 'waymark.edit.by',
  /** Content (only with capture on): a step's output, a run's input and output, as JSON. */
  stepOutput: 'waymark.step.output',
  runInput: 'waymark.run.input',
  runOutput: 'waymark.run.output',
  testSpan: 'waymark.test',
  owner: 'waymark.run.owner',
  ownerPrevious: 'waymark.run.previous_owner',
  takeOverReason: 'waymark.run.take_over_reason',
} as const;

/** Span names. Low-cardinality by construction: model, tool, workflow and step names come from the spec. */
export const SPAN_NAME = {
  workflow: (workflowName: string) => `${GEN_AI_OPERATION.invokeWorkflow} ${workflowName}`,
  chat: (model: string) => `${GEN_AI_OPERATION.chat} ${model}`,
  tool: (toolName: string) => `${GEN_AI_OPERATION.executeTool} ${toolName}`,
  /** A step: `{node type} {step name}`, e.g. `decision Route`, `approval Manager sign-off`. */
  step: (nodeType: string, stepName: string) => `${nodeType} ${stepName}`,
  /** The wait for a human inside a step (an approval node or a policy gate). */
  approval: (stepName: string) => `await_approval ${stepName}`,
  edit: (stepName: string) => `edit ${stepName}`,
  test: 'waymark test span',
} as const;

/** Span event names. */
export const EVENT_NAME = {
  retry: 'retry',
  attempt: 'attempt',
  policy: 'policy.checked',
  budget: 'budget.exceeded',
  secret: 'secret.accessed',
  guardrail: 'guardrail.checked',
  decision: 'decision.taken',
  escalated: 'approval.escalated',
  takenOver: 'run.taken_over',
  waiting: 'step.waiting',
  exception: 'exception',
} as const;

/** The instrumentation scope of every span. */
export const SCOPE_NAME = 'waymark';
