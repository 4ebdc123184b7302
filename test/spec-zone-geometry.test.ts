/**
 * Zones are regions: the validator warns when a step that belongs to a zone is drawn outside
 * the zone's rectangle (naming both by name, with a hint), and no shipped example has one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../shared/nodes/catalog';
import { NODE_SIZE, zoneMembersOutside } from '../shared/spec/geometry';
import { loadSpecDocument, loadSpecText } from '../shared/spec/load';
import type { WorkflowSpec } from '../shared/spec/schema';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXAMPLES = path.resolve(import.meta.dirname, '../resources/examples');
const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.waymark.json'));
const read = (f: string) => readFileSync(path.join(EXAMPLES, f), 'utf8');
const zoneWarnings = (doc: unknown) =>
  loadSpecDocument(doc, builtinCatalog).problems.filter((p) => p.code === 'zone.member-outside');

describe('zone geometry', () => {
  it.each(examples)('every zone of %s encloses all its members', (f) => {
    const r = loadSpecText(read(f), builtinCatalog);
    expect(r.ok).toBe(true);
    const spec = r.spec as WorkflowSpec;
    expect(zoneMembersOutside(spec)).toEqual([]);
    expect(r.problems.filter((p) => p.code === 'zone.member-outside')).toEqual([]);
    // The examples are worth checking: each zone there governs at least one step.
    for (const z of spec.zones)
      expect(
        spec.nodes.some((n) => n.zone === z.id),
        z.id,
      ).toBe(true);
  });

  it('warns, by name, when a member sticks out of its zone', () => {
    const doc = JSON.parse(read('refund-triage.waymark.json')) as Doc;
    const zone = doc.zones[0];
    const step = doc.nodes.find((n: Doc) => n.zone === zone.id);
    expect(zoneWarnings(doc)).toEqual([]);
    // One pixel past the right border.
    step.position.x = zone.position.x + zone.size.width - NODE_SIZE.width + 1;
    const [w, ...more] = zoneWarnings(doc);
    expect(more).toEqual([]);
    expect(w).toMatchObject({
      severity: 'warning',
      nodeId: step.id,
      zoneId: zone.id,
      subject: 'Issue refund',
      subjectKind: 'step',
      path: `$.nodes[${doc.nodes.indexOf(step)}].position`,
    });
    expect(w?.message).toBe(
      '"Issue refund" belongs to zone "Payments" but is drawn outside it, so the canvas does not show that the zone\'s policy governs it.',
    );
    expect(w?.hint).toContain('resize the zone around it');
    expect(w?.message).not.toContain(step.id);
  });

  it('warns for a member above the zone, and for the invoice example as it shipped before', () => {
    const doc = JSON.parse(read('invoice-processing.waymark.json')) as Doc;
    // The old Finance zone: an empty box above the two payment steps it governs.
    doc.zones[0].position = { x: 1440, y: 60 };
    doc.zones[0].size = { width: 360, height: 260 };
    const names = zoneWarnings(doc).map((p) => p.subject);
    expect(names).toEqual(['Prepare payment', 'Schedule payment']);
  });

  it('a zone without stored geometry is drawn around its members, so it never misses one', () => {
    const doc = JSON.parse(read('refund-triage.waymark.json')) as Doc;
    delete doc.zones[0].position;
    delete doc.zones[0].size;
    expect(zoneWarnings(doc)).toEqual([]);
  });

  it('a step outside every zone, or in a zone that does not exist, is not a geometry problem', () => {
    const doc = JSON.parse(read('refund-triage.waymark.json')) as Doc;
    const step = doc.nodes.find((n: Doc) => n.zone);
    step.zone = 'nowhere';
    step.position = { x: -5000, y: -5000 };
    const r = loadSpecDocument(doc, builtinCatalog);
    expect(r.problems.map((p) => p.code)).toContain('node.unknown-zone');
    expect(r.problems.filter((p) => p.code === 'zone.member-outside')).toEqual([]);
  });
});
