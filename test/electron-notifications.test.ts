// Desktop notifications when a gate opens: the backend's approval.requested notice reaches
// main through the backend relay and becomes an OS notification; clicking it focuses the
// window on that approval. Runs the real lifecycle and backend against the fake electron.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fakes/electron'));

import { app, BrowserWindow, fake, Notification, resetFakeElectron, type FakeUtilityProcess } from './fakes/electron';
import { serveBackend } from '../src-main/electron/backend-process';
import { CALL_CHANNEL, EVENT_CHANNEL, NOTICE_CHANNEL } from '../src-main/electron/constants';
import { runApp } from '../src-main/electron/lifecycle';
import { notifyApprovalRequested } from '../src-main/electron/notifications';
import type { ApiService } from '../src-main/host/api-service';

let root: string;
const services: Array<() => ApiService | undefined> = [];

function wireBackend(child: FakeUtilityProcess): void {
  const handle = serveBackend(
    {
      postMessage: (m) => queueMicrotask(() => child.emit('message', structuredClone(m))),
      on: (_e, listener) => (child.onPost = (data) => listener({ data })),
    },
    () => {},
  );
  services.push(handle.service);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'waymark-notify-'));
  await mkdir(path.join(root, 'dist', 'renderer'), { recursive: true });
  await writeFile(path.join(root, 'dist', 'renderer', 'index.html'), '<!doctype html>');
});
afterAll(async () => {
  for (const s of services) s()?.close();
  await rm(root, { recursive: true, force: true });
});
beforeEach(() => {
  resetFakeElectron();
  app.appPath = root;
  app.userData = path.join(root, 'userData');
  fake.onFork = wireBackend;
});

describe('notifyApprovalRequested', () => {
  it('shows one notification per approval request and ignores other notices', () => {
    const open = vi.fn();
    expect(notifyApprovalRequested({ command: 'file.save' }, open)).toBe(false);
    expect(
      notifyApprovalRequested(
        { command: 'approval.requested', approvalId: 'apr_1', runId: 'run_1', message: 'Refund 129.00 EUR?' },
        open,
      ),
    ).toBe(true);
    expect(Notification.instances.map((n) => [n.options, n.shown])).toEqual([
      [{ title: 'Approval needed', body: 'Refund 129.00 EUR?' }, true],
    ]);
    Notification.instances[0]?.emit('click');
    expect(open).toHaveBeenCalledWith({ command: 'approvals.open', approvalId: 'apr_1', runId: 'run_1' });
  });

  it('cuts long messages and says nothing where notifications are unsupported', () => {
    notifyApprovalRequested(
      { command: 'approval.requested', approvalId: 'a', runId: 'r', message: 'x'.repeat(1000) },
      () => {},
    );
    expect(Notification.instances[0]?.options.body).toHaveLength(240);
    Notification.supported = false;
    expect(
      notifyApprovalRequested({ command: 'approval.requested', approvalId: 'a', runId: 'r', message: 'm' }, () => {}),
    ).toBe(false);
    expect(Notification.instances).toHaveLength(1);
  });
});

describe('a gate opening in the desktop app', () => {
  it('relays the event and the notice to the window, notifies the desktop, and focuses on click', async () => {
    runApp();
    app.makeReady();
    await vi.waitFor(() => expect(BrowserWindow.instances).toHaveLength(1));
    const win = BrowserWindow.instances[0] as BrowserWindow;
    const text = await readFile(path.resolve('resources/examples/refund-triage.waymark.json'), 'utf8');
    const call = fake.ipcHandlers.get(CALL_CHANNEL);
    const input = { ticketId: 'T-9', orderId: 'ord_1001', message: 'Cracked.' };
    const reply = (await call?.(
      { senderFrame: { url: win.loadedUrl } },
      { method: 'runs.start', params: { text, input, simulate: true } },
    )) as { result: { runId: string } };
    const { runId } = reply.result;

    await vi.waitFor(() => expect(Notification.instances).toHaveLength(1), { timeout: 10_000 });
    const n = Notification.instances[0] as Notification;
    expect(n.shown).toBe(true);
    expect(n.options.body).toMatch(/^Refund 129\.00 EUR for order ord_1001\?/);
    const sent = (channel: string) => win.webContents.sent.filter((s) => s.channel === channel).map((s) => s.args[0]);
    const requested = sent(EVENT_CHANNEL).find((e) => (e as { type?: string }).type === 'approval.requested') as {
      runId: string;
      approvalId: string;
    };
    expect(requested).toMatchObject({ runId, approvalId: expect.stringMatching(/^apr_/) });
    const { approvalId } = requested;
    expect(sent(NOTICE_CHANNEL)).toContainEqual({
      command: 'approval.requested',
      approvalId,
      runId,
      message: expect.any(String),
    });

    n.emit('click');
    expect(win.focused).toBe(true);
    expect(sent(NOTICE_CHANNEL)).toContainEqual({ command: 'approvals.open', approvalId, runId });
  });
});
