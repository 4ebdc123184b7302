import { describe, expect, it } from 'vitest';
import { parseIncoming, parseNotice } from './protocol';

describe('wire protocol', () => {
  it('accepts the documented shapes and rejects the rest', () => {
    expect(parseIncoming('{"id":3,"result":[1]}')).toEqual({ type: 'result', id: 3, result: [1] });
    expect(parseIncoming({ id: 3, error: { code: 'weird', message: 'x', problems: [{ bad: 1 }] } })).toEqual({
      type: 'error',
      id: 3,
      error: { code: 'internal', message: 'x', problems: [] },
    });
    expect(parseIncoming({ notice: { command: 'file.new' } })).toEqual({
      type: 'notice',
      notice: { command: 'file.new' },
    });
    expect(parseIncoming({ id: 1 })).toBeUndefined();
    expect(parseIncoming('[')).toBeUndefined();
  });

  it('validates app notices from the menu and the OS', () => {
    expect(parseNotice({ command: 'edit.undo' })).toEqual({ command: 'edit.undo' });
    expect(parseNotice({ command: 'file.openPath', path: '/a.waymark.json' })).toEqual({
      command: 'file.openPath',
      path: '/a.waymark.json',
    });
    expect(parseNotice({ command: 'file.openPath' })).toBeUndefined();
    expect(parseNotice({ command: 'rm -rf' })).toBeUndefined();
    expect(parseNotice('file.new')).toBeUndefined();
    expect(parseNotice({ command: 'approvals.open', approvalId: 'a', runId: 'r', extra: 1 })).toEqual({
      command: 'approvals.open',
      approvalId: 'a',
      runId: 'r',
    });
    expect(parseNotice({ command: 'approval.requested', approvalId: 'a', runId: 'r', message: 'm' })).toEqual({
      command: 'approval.requested',
      approvalId: 'a',
      runId: 'r',
      message: 'm',
    });
    expect(parseNotice({ command: 'approvals.open', approvalId: 1, runId: 'r' })).toBeUndefined();
  });
});
