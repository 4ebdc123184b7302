/**
 * One-click fixes shown beside a problem in the problems list, by problem code. An edge that
 * leaves by a port its step no longer has (`edge.port`) offers the same fix as its label on
 * the canvas: reconnect it to one of the step's outputs, or delete it.
 */
import type { Problem } from '../../shared/spec/problems';
import { EdgeFixMenu } from '../canvas/EdgeFixMenu';
import { orphanEdges } from '../model/orphans';
import { useDoc } from '../store/doc-store';

export function ProblemActions({ problem }: { problem: Problem }) {
  const edgeId = problem.code === 'edge.port' ? problem.edgeId : undefined;
  // Offered while the edge is still an orphan in the document being edited (not only in the validated one).
  const orphan = useDoc((s) => (edgeId ? orphanEdges(s.spec).has(edgeId) : false));
  if (!edgeId || !orphan) return null;
  return (
    <div className="wm-problem-actions">
      <EdgeFixMenu edgeId={edgeId} label="Fix…" testId={`problem-fix-${edgeId}`} />
    </div>
  );
}
