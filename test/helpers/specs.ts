/** Small specs shared by tests. */
import { stringifySpec } from '../../shared/spec/canonical';

/** start → end, as a saved document's canonical text: the smallest file the documents API opens and saves. */
export const DEMO_SPEC_TEXT = stringifySpec({
  specVersion: 1,
  id: 'demo',
  name: 'Demo',
  nodes: [
    { id: 'start', type: 'start', name: 'Start' },
    { id: 'end', type: 'end', name: 'End' },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'end' }],
} as never);

/** start → double (input.n × 2) → add (+ 1) → end `{ result }`: four steps to break, watch, edit and fork. */
export const DEBUG_SPEC = JSON.stringify({
  specVersion: 1,
  id: 'dbg',
  name: 'Debug me',
  input: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
  nodes: [
    { id: 'start', type: 'start', name: 'Start' },
    { id: 'double', type: 'transform', name: 'Double', config: { expression: 'input.n * 2' } },
    { id: 'add', type: 'transform', name: 'Add', config: { expression: 'nodes.double + 1' } },
    { id: 'end', type: 'end', name: 'End', config: { output: '{ "result": nodes.add }' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'double' },
    { id: 'e2', source: 'double', target: 'add' },
    { id: 'e3', source: 'add', target: 'end' },
  ],
});
