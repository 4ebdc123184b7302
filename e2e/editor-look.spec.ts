/**
 * Screenshots of the editor in the light and dark themes (saved under e2e/artifacts/,
 * which is not committed) and an axe-core accessibility scan of each screen.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { connect, dropFromPalette, openSpecFile, problemsSettled } from './editor-helpers';
import { setCode } from './editor-driver';

const ART = path.resolve(import.meta.dirname, 'artifacts');
const FIXTURE = path.resolve(import.meta.dirname, 'editor-fixtures', 'refund-triage.waymark.json');

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).analyze();
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

for (const scheme of ['light', 'dark'] as const) {
  test(`the editor in the ${scheme} theme looks right and passes axe`, async ({ page, host, pageErrors }) => {
    // Four full-page axe scans and three Monaco loads: more than the default minute on a
    // loaded 2-core machine (every wait below is for state; this is the whole test's budget).
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.getByTestId('start-screen')).toBeVisible();
    await page.screenshot({ path: path.join(ART, `start-${scheme}.png`) });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('start-new').click();
    await openSpecFile(page, host.workDir, `look-${scheme}.waymark.json`, readFileSync(FIXTURE, 'utf8'));
    await expect(page.getByTestId('node-classify')).toBeVisible();
    await problemsSettled(page);
    await page.getByTestId('node-classify').click();
    await expect(page.getByTestId('node-inspector')).toBeVisible();
    await page.waitForTimeout(800); // Monaco fields finish loading
    await page.screenshot({ path: path.join(ART, `editor-${scheme}.png`) });
    expect(await seriousViolations(page)).toEqual([]);

    // Ctrl+K finds a node and centres it at a readable zoom: the node design at full size.
    await page.keyboard.press('Control+K');
    await page.getByLabel('Node name').fill('route');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('search-dialog')).toBeHidden();
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(ART, `focus-${scheme}.png`) });

    await page.getByTestId('tab-spec').click();
    await expect(page.getByTestId('spec-editor')).toBeVisible();
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(ART, `spec-${scheme}.png`) });
    await page.keyboard.press('Shift+?');
    await page.screenshot({ path: path.join(ART, `shortcuts-${scheme}.png`) });
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+O');
    await expect(page.getByTestId('open-dialog')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
}

test('a new user draws a first workflow (screenshot)', async ({ page, pageErrors }) => {
  test.setTimeout(90_000);
  await page.getByTestId('start-new').click();
  await page.screenshot({ path: path.join(ART, 'empty-light.png') });
  await dropFromPalette(page, 'start', 120, 200);
  await dropFromPalette(page, 'llm', 420, 200);
  await dropFromPalette(page, 'end', 720, 200);
  const ni = page.getByTestId('node-inspector');
  await page.getByTestId('node-llm').click();
  await ni.getByLabel('Model', { exact: true }).selectOption({ label: '+ Add an LLM connector…' });
  // The connector form opens with a priced model; adding it points the step at it.
  const form = page.getByTestId('connector-dialog');
  await expect(form.getByLabel('Model', { exact: true })).toHaveValue('gpt-4o-mini');
  await form.getByRole('button', { name: 'Add connector' }).click();
  await expect(form).toBeHidden();
  await expect(ni.getByLabel('Model', { exact: true })).toHaveValue('gpt');
  await setCode(page, ni, 'Prompt', 'Summarise this ticket: {{ input.message }}');
  await connect(page, 'start', 'next', 'llm');
  await connect(page, 'llm', 'next', 'end');
  await connect(page, 'llm', 'error', 'end');
  await page.getByTestId('node-llm').click();
  await problemsSettled(page);
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(ART, 'first-workflow-light.png') });
  expect(await seriousViolations(page)).toEqual([]);
  await expect(page.getByTestId('problems-errors')).toHaveText('0');
  expect(pageErrors).toEqual([]);
});
