import { describe, expect, it } from 'vitest';
import {
  addField,
  fieldsOf,
  formCanShow,
  nameProblem,
  removeField,
  renameField,
  sampleOf,
  setFieldSchema,
  setList,
  setRequired,
  setType,
  type Schema,
} from './schema-model';

const ticket: Schema = {
  type: 'object',
  $comment: 'kept',
  properties: {
    ticketId: { type: 'string', format: 'uuid', description: 'Id' },
    amount: { type: 'number', minimum: 0 },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['ticketId'],
  additionalProperties: false,
};

describe('schema model', () => {
  it('lists fields in order with their required flag', () => {
    expect(fieldsOf(ticket).map((f) => [f.name, f.required])).toEqual([
      ['ticketId', true],
      ['amount', false],
      ['tags', false],
    ]);
  });

  it('keeps keywords it does not show through every edit', () => {
    let s = addField(ticket, 'note');
    s = renameField(s, 'note', 'comment');
    s = setRequired(s, 'comment', true);
    s = setFieldSchema(s, 'ticketId', { ...(s.properties as Record<string, Schema>).ticketId, description: 'Ticket' });
    expect(s.$comment).toBe('kept');
    expect(s.additionalProperties).toBe(false);
    expect((s.properties as Record<string, Schema>).ticketId).toEqual({
      type: 'string',
      format: 'uuid',
      description: 'Ticket',
    });
    expect((s.properties as Record<string, Schema>).amount).toEqual({ type: 'number', minimum: 0 });
    expect(s.required).toEqual(['ticketId', 'comment']);
  });

  it('renames in place and follows required', () => {
    const s = renameField(ticket, 'ticketId', 'id');
    expect(Object.keys(s.properties as object)).toEqual(['id', 'amount', 'tags']);
    expect(s.required).toEqual(['id']);
    expect(renameField(ticket, 'amount', 'tags')).toBe(ticket);
    expect(nameProblem(ticket, 'tags', 'amount')).toMatch(/already a field "tags"/);
    expect(nameProblem(ticket, ' ')).toMatch(/needs a name/);
  });

  it('removes a field and its required entry (and the empty list)', () => {
    const s = removeField(ticket, 'ticketId');
    expect(Object.keys(s.properties as object)).toEqual(['amount', 'tags']);
    expect(s.required).toBeUndefined();
  });

  it('changes type, dropping what belonged to the old one', () => {
    const f = setType({ type: 'string', format: 'email', enum: ['a'], description: 'd' }, 'array');
    expect(f).toEqual({ type: 'array', description: 'd', items: { type: 'string' } });
    expect(setType({ type: 'number', minimum: 1 }, 'integer')).toEqual({ type: 'integer', minimum: 1 });
    expect(setType({ type: 'string' }, 'object')).toEqual({ type: 'object', properties: {} });
  });

  it('parses enum and example values by type and names the bad ones', () => {
    expect(setList({ type: 'integer' }, 'enum', ['1', '2.5', 'x', '3'])).toEqual({
      schema: { type: 'integer', enum: [1, 3] },
      bad: ['2.5', 'x'],
    });
    expect(setList({ type: 'string', enum: ['a'] }, 'enum', []).schema).toEqual({ type: 'string' });
    expect(setList({ type: 'boolean' }, 'examples', ['true']).schema).toEqual({ type: 'boolean', examples: [true] });
  });

  it('knows which schemas it can show as fields', () => {
    expect(formCanShow(undefined)).toBe(true);
    expect(formCanShow(ticket)).toBe(true);
    expect(formCanShow({})).toBe(true);
    expect(formCanShow({ oneOf: [] })).toBe(false);
    expect(formCanShow({ type: 'string' })).toBe(false);
  });

  it('builds a sample value from examples, enums and types', () => {
    expect(
      sampleOf({
        type: 'object',
        properties: {
          category: { type: 'string', enum: ['refund', 'other'] },
          confidence: { type: 'number', examples: [0.9] },
          urgent: { type: 'boolean' },
          items: { type: 'array' },
          who: { type: 'object', properties: { name: { type: 'string', default: 'Ann' } } },
        },
      }),
    ).toEqual({ category: 'refund', confidence: 0.9, urgent: false, items: [], who: { name: 'Ann' } });
  });
});
