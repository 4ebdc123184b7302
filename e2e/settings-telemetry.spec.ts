/**
 * Settings → OpenTelemetry export, as an analyst meets it: open Settings from the toolbar,
 * turn export on, type the collector's address and a header key by key, pick a secret for
 * the credential, save, send a test span, run an example and see its trace arrive at a
 * loopback OTLP receiver that decodes it; a mistyped address is refused in words; "Use
 * environment" turns the app's settings off again. Screenshots at 1280 and 1440 px, light
 * and dark; axe finds nothing serious.
 */
import type { Page } from '@playwright/test';
import path from 'node:path';
import { traceIdOf } from '../src-main/telemetry';
import { startOtlpReceiver, type OtlpReceiver } from '../test/fakes/otlp-receiver';
import { expect, test } from './fixtures';
import { seriousViolations } from './governance-helpers';
import { ART, openExample, startRun } from './run-helpers';

let rx: OtlpReceiver;
test.beforeAll(async () => {
  rx = await startOtlpReceiver();
});
test.afterAll(async () => {
  await rx.close();
});

/** Settings from the bar, or from the More menu when the bar has folded it away. */
async function openSettings(page: Page) {
  const button = page.getByTestId('open-settings');
  if (await button.isVisible()) await button.click();
  else {
    await page.getByTestId('toolbar-more').click();
    await page.getByRole('menuitem', { name: /^Settings/ }).click();
  }
  const dialog = page.getByTestId('settings-dialog');
  await expect(dialog.getByTestId('telemetry-settings')).toBeVisible();
  return dialog;
}

async function retype(page: Page, box: ReturnType<Page['getByTestId']>, text: string) {
  await box.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await box.pressSequentially(text);
}

test('turning export on in Settings sends the next run to the collector, with a header from a secret', async ({
  page,
  host,
}) => {
  await host.service.handlers['secrets.set']({ name: 'COLLECTOR_KEY', value: 'pk-e2e-51c0' });
  await openExample(page, 'support-routing');
  let dialog = await openSettings(page);
  await expect(dialog.getByTestId('telemetry-status')).toHaveText(/Export is off/);
  await expect(dialog.getByTestId('telemetry-test')).toBeDisabled();

  await dialog.getByText('Export runs as OpenTelemetry traces').click();
  await expect(dialog.getByTestId('telemetry-enabled')).toBeChecked();
  await retype(page, dialog.getByTestId('telemetry-endpoint'), `${rx.url}/`);
  await dialog.getByTestId('telemetry-protocol').selectOption('http/json');
  await dialog.getByTestId('telemetry-add-header').click();
  await dialog.getByLabel('Header 1 name').pressSequentially('x-tenant');
  await dialog.getByLabel('Header 1 value', { exact: true }).pressSequentially('acme west');
  await dialog.getByTestId('telemetry-add-header').click();
  await dialog.getByLabel('Header 2 name').pressSequentially('Authorization');
  await dialog.getByLabel('Header 2 value comes from').selectOption('secret');
  await dialog.getByLabel('Header 2 secret name', { exact: true }).pressSequentially('COLLECTOR_KEY');
  await dialog.getByTestId('telemetry-save').click();
  await expect(dialog.getByText('Saved')).toBeVisible();
  await expect(dialog.getByTestId('telemetry-status')).toHaveText(
    new RegExp(`Exporting to ${rx.tracesUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  );
  await expect(dialog.getByTestId('telemetry-problems')).toHaveCount(0);

  await dialog.getByTestId('telemetry-test').click();
  await expect(dialog.getByTestId('telemetry-test-result')).toHaveText(
    `The collector at ${rx.tracesUrl} accepted the test span.`,
  );
  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(150);
      await page.screenshot({ path: path.join(ART, `settings-telemetry-${width}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  const runId = await startRun(page);
  await expect(page.getByTestId('run-summary').getByTestId('run-status')).toHaveText(/Completed/i);
  const spans = await rx.waitFor((s) => s.some((x) => x.traceId === traceIdOf(runId) && !x.parentSpanId));
  const root = spans.find((x) => x.traceId === traceIdOf(runId) && !x.parentSpanId);
  expect(root?.name).toBe('invoke_workflow Support routing');
  const req = rx.requests.find((r) => r.spans.some((s) => s.traceId === traceIdOf(runId)));
  expect(req?.protocol).toBe('json');
  expect(req?.headers['x-tenant']).toBe('acme west');
  expect(req?.headers.authorization).toBe('pk-e2e-51c0');

  // The counters move; a mistyped address is refused in words and nothing changes.
  dialog = await openSettings(page);
  await expect(dialog.getByTestId('telemetry-status')).toHaveText(/[1-9]\d* spans? sent/);
  await expect(dialog.getByLabel('Header 2 secret name', { exact: true })).toHaveValue('COLLECTOR_KEY');
  await retype(page, dialog.getByTestId('telemetry-endpoint'), 'collector.local:4317');
  await dialog.getByTestId('telemetry-save').click();
  await expect(dialog.getByTestId('telemetry-error')).toHaveText(
    'Endpoint: "collector.local:4317" is not an http:// or https:// URL (OTLP/gRPC is not supported; use OTLP/HTTP, usually port 4318)',
  );
  await expect(dialog.getByTestId('telemetry-status')).toHaveText(/Exporting to/);

  // Back to the environment (none here): export is off again, and stays off after a reload.
  await dialog.getByTestId('telemetry-reset').click();
  await expect(dialog.getByTestId('telemetry-status')).toHaveText(/Export is off/);
  await expect(dialog.getByTestId('telemetry-reset')).toHaveCount(0);
  await page.reload();
  await openExample(page, 'support-routing');
  dialog = await openSettings(page);
  await expect(dialog.getByTestId('telemetry-status')).toHaveText(/Export is off/);
  await expect(dialog.getByTestId('telemetry-endpoint')).toHaveValue('');
});
