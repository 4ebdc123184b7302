/**
 * Zone geometry: a zone's rectangle must enclose every step that belongs to it, or the
 * canvas shows a policy boundary that is not the one the engine applies.
 */
import { zoneMembersOutside } from './geometry';
import { stepName } from './problem-names';
import { jsonPath, type Problem } from './problems';
import type { WorkflowSpec } from './schema';

export function checkZoneGeometry(spec: WorkflowSpec, add: (p: Problem) => void): void {
  for (const { zoneIndex, nodeIndex } of zoneMembersOutside(spec)) {
    const zone = spec.zones[zoneIndex];
    const node = spec.nodes[nodeIndex];
    if (!zone || !node) continue;
    add({
      severity: 'warning',
      code: 'zone.member-outside',
      path: jsonPath(['nodes', nodeIndex, 'position']),
      nodeId: node.id,
      zoneId: zone.id,
      message: `"${stepName(spec, nodeIndex)}" belongs to zone "${zone.name}" but is drawn outside it, so the canvas does not show that the zone's policy governs it.`,
      hint: `Move "${stepName(spec, nodeIndex)}" into the "${zone.name}" box, or resize the zone around it (the editor grows a zone when one of its steps is moved).`,
    });
  }
}
