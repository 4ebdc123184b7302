/**
 * Helpers for the governance e2e specs: open an example from the start screen, run it
 * simulated, scan with axe, save screenshots, and a web host with a secret store (what
 * the desktop app has: `secrets.set`/`delete` work) for the write-only secrets flow.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApiService } from '../src-main/host/api-service';
import { appPaths } from '../src-main/host/paths';
import type { SecretInfo, SecretStore } from '../src-main/host/secret-store';
import { startWebHost } from '../src-main/host/web-server';
import { problemsSettled } from './editor-helpers';
import { expect, test, type HostHandle } from './fixtures';

export const ART = path.resolve(import.meta.dirname, 'artifacts');
const ROOT = path.resolve(import.meta.dirname, '..');

export async function openExample(page: Page, name = 'refund-triage'): Promise<void> {
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await page.getByTestId(`example-${name}`).click();
  await expect(page.getByTestId('node-classify')).toBeVisible();
  await problemsSettled(page);
}

/** Serious and critical axe violations inside `scope` (a CSS selector), as readable lines. */
export async function seriousViolations(page: Page, scope?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const r = await (scope ? builder.include(scope) : builder).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')})`,
    );
}

export async function shot(page: Page, name: string, target?: Locator): Promise<void> {
  await page.waitForTimeout(300);
  const file = path.join(ART, `${name}.png`);
  await (target ? target.screenshot({ path: file }) : page.screenshot({ path: file }));
}

/** Starts a simulated run of the open document through the Run dialog. */
export async function startSimulatedRun(page: Page, fields: Record<string, string> = {}): Promise<void> {
  await page.getByTestId('run').click();
  const dialog = page.getByTestId('run-dialog');
  await expect(dialog).toBeVisible();
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label).fill(value);
  const toggle = dialog.getByTestId('simulate-toggle');
  if (!(await toggle.isChecked())) await toggle.setChecked(true, { force: true });
  await dialog.getByTestId('run-submit').click();
  await expect(dialog).toBeHidden();
}

/** An in-memory secret store, as the desktop app's (without the OS keychain): values never leave it but through `get`. */
export function memorySecretStore(warning?: string): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  const times = new Map<string, string>();
  return {
    values,
    list: (): SecretInfo[] =>
      [...times.entries()]
        .map(([name, updatedAt]) => ({ name, updatedAt }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    set(name, value) {
      values.set(name, value);
      times.set(name, new Date().toISOString());
    },
    delete(name) {
      times.delete(name);
      return values.delete(name);
    },
    get: (name) => values.get(name),
    status: () => (warning ? { encrypted: false, warning } : { encrypted: true }),
  };
}

export const KEYRING_WARNING = 'No OS secret store: secrets you enter are kept in memory until Waymark quits.';

/** The shared fixtures, but the host has a secret store (like the desktop app), exposed as `secretStore`. */
export const desktopLikeTest = test.extend<
  object,
  { secretStore: ReturnType<typeof memorySecretStore>; host: HostHandle }
>({
  secretStore: [async ({}, use) => use(memorySecretStore(KEYRING_WARNING)), { scope: 'worker' }],
  host: [
    async ({ staticDir, secretStore }, use) => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'waymark-e2e-gov-data-'));
      const workDir = await mkdtemp(path.join(os.tmpdir(), 'waymark-e2e-gov-work-'));
      const service = createApiService({
        dataDir,
        examplesDir: appPaths(ROOT).examplesDir,
        workspace: workDir,
        secretStore,
      });
      const host = await startWebHost({ port: 0, host: '127.0.0.1', staticDir, service });
      await use({ url: host.url, port: host.port, token: host.token, dataDir, workDir, service });
      await host.close();
      await rm(dataDir, { recursive: true, force: true });
      await rm(workDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});
