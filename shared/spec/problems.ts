/**
 * A validation problem: what is wrong, in plain words; how to fix it; what it is about, by
 * the name a person knows it by (the step's name, not its id); and where, for tools and
 * details: a JSON path into the spec and the element's id. Problems are collected, never
 * thrown one at a time, so an author sees everything wrong at once. The loader fills in
 * `subject`, `subjectKind` and `field` for every problem (problem-names.ts).
 */
export type Severity = 'error' | 'warning';

/** The kinds of element a problem can be about. */
export const SUBJECT_KINDS = ['step', 'edge', 'zone', 'connector', 'secret', 'workflow'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export interface Problem {
  severity: Severity;
  /** Stable machine-readable code, e.g. `edge.dangling`. */
  code: string;
  /** JSON path into the spec document, e.g. `$.nodes[2].config.prompt` (details, not the message). */
  path: string;
  /** What is wrong, as a sentence a person understands; other steps are named by name. */
  message: string;
  /** How to fix it, in one sentence. */
  hint?: string;
  nodeId?: string;
  edgeId?: string;
  zoneId?: string;
  /** What the problem is about, as named in the editor: "Look up order", "Classify → Refund?". */
  subject?: string;
  subjectKind?: SubjectKind;
  /** The field's label as the inspector shows it, e.g. "Connector". */
  field?: string;
}

/** Formats a path of keys and indices as `$.a.b[2]["odd key"]`. */
export function jsonPath(parts: ReadonlyArray<string | number | symbol>): string {
  let out = '$';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'symbol') out += `[${String(p)}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** What a problem is about, in a sentence: `step "Look up order"`, `edge Classify → End`, `the workflow`. */
export function subjectPhrase(p: Problem): string | undefined {
  switch (p.subjectKind) {
    case 'step':
    case 'zone':
    case 'connector':
    case 'secret':
      return p.subject ? `${p.subjectKind} "${p.subject}"` : undefined;
    case 'edge':
      return p.subject ? `edge ${p.subject}` : 'an edge';
    case 'workflow':
      return 'the workflow';
    default:
      return p.nodeId ? `step "${p.nodeId}"` : p.edgeId ? `edge "${p.edgeId}"` : undefined;
  }
}

/** The problem in one sentence for toasts and logs: who, what, how to fix (no JSON path). */
export function problemText(p: Problem): string {
  const who = subjectPhrase(p);
  const what = `${p.message}${p.hint ? ` ${p.hint}` : ''}`;
  return who && who !== 'the workflow' ? `In ${who}: ${what}` : what;
}

/** One line per problem, for terminals and logs; the JSON path comes last, in brackets. */
export function formatProblem(p: Problem): string {
  const who = subjectPhrase(p);
  return `${p.severity}${who ? ` in ${who}` : ''}: ${p.message}${p.hint ? ` ${p.hint}` : ''} [${p.path}]`;
}
