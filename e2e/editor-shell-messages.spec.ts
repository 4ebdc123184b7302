/**
 * Messages for people, as an analyst meets them: a broken workflow opens with the problems
 * panel showing each problem under the step's name (never its id), in plain words with how
 * to fix it, and the JSON path only as a detail; the inspector says the same next to the
 * field; trying to run says which step is wrong; fixing everything with real key presses
 * empties the list and the panel folds away. No zod or JSON jargon anywhere on screen.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { seriousViolations } from './governance-helpers';
import { openSpecFile, problemsSettled } from './editor-helpers';
import { ART } from './run-helpers';

test.use({ actionTimeout: 20_000 });

const EXAMPLE = path.resolve(import.meta.dirname, '../resources/examples/refund-triage.waymark.json');
const JARGON = /Too small|Too big|Invalid input|Invalid option|expected (string|number)|received|Unrecognized key|>=1/;

function brokenRefund(): string {
  const spec = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
  const node = (id: string) => spec.nodes.find((n: { id: string }) => n.id === id);
  node('lookup_order').config.connector = '';
  node('classify').config.prompt = '';
  spec.edges.push({ id: 'stray', source: 'route_to_support', target: 'nowhere', kind: 'error' });
  return JSON.stringify(spec, null, 2);
}

/**
 * Contrast of Monaco's line numbers against the editor background, for every editor on the
 * page. axe reports Monaco's gutter as "incomplete" (layered backgrounds), so it is measured
 * here from the computed colours.
 */
async function lineNumberContrast(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const rgb = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r ?? 0) + 0.7152 * f(g ?? 0) + 0.0722 * f(b ?? 0);
    };
    return [...document.querySelectorAll<HTMLElement>('.monaco-editor')].flatMap((ed) => {
      const num = ed.querySelector<HTMLElement>('.line-numbers:not(.active-line-number)');
      const bg = ed.querySelector<HTMLElement>('.monaco-editor-background');
      if (!num || !bg) return [];
      const a = lum(rgb(getComputedStyle(num).color));
      const b = lum(rgb(getComputedStyle(bg).backgroundColor));
      return [Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 100) / 100];
    });
  });
}

test('a broken workflow explains itself by step name, and is fixed from the keyboard', async ({
  page,
  host,
  pageErrors,
}) => {
  // Two themes × two widths of screenshots and axe scans: minutes on a loaded machine.
  test.setTimeout(240_000);
  await page.getByTestId('start-new').click();
  await openSpecFile(page, host.workDir, 'broken-refund.waymark.json', brokenRefund());
  await problemsSettled(page);

  // Opened with problems: the panel is open and lists each by what it is about.
  const list = page.getByTestId('problems-list');
  await expect(list).toBeVisible();
  const rows = list.getByTestId('problem');
  await expect(rows).toHaveCount(3);
  const prompt = rows.filter({ hasText: 'Classify ticket' });
  await expect(prompt.locator('.wm-problem__subject')).toHaveText('Classify ticket');
  await expect(prompt).toContainText('Prompt is empty.');
  await expect(prompt.locator('.wm-problem__path')).toHaveText('$.nodes[1].config.prompt');
  const connector = rows.filter({ hasText: 'Look up order' });
  await expect(connector).toContainText('Connector is empty.');
  await expect(connector).toContainText(
    'Choose an HTTP connector, or add one under Connectors in the workflow settings.',
  );
  const edge = rows.filter({ hasText: 'Route to support queue (error) → nowhere' });
  await expect(edge).toContainText('This edge leads to "nowhere", which is not a step in this workflow.');
  // No developer talk, no step ids outside the JSON paths.
  for (const text of await rows.locator('.wm-problem__msg, .wm-problem__hint').allTextContents()) {
    expect(text).not.toMatch(JARGON);
    expect(text).not.toMatch(/"(classify|lookup_order|route_to_support)"/);
  }
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 1440]) {
      await page.setViewportSize({ width, height: 860 });
      await page.waitForTimeout(200);
      await page.screenshot({ path: path.join(ART, `messages-problems-${width}-${scheme}.png`) });
    }
    expect(await seriousViolations(page)).toEqual([]);
  }
  // The Spec JSON view: Monaco's line numbers are readable in both themes.
  await page.setViewportSize({ width: 1440, height: 860 });
  await page.getByTestId('tab-spec').click();
  await expect(page.getByTestId('spec-editor').locator('.line-numbers').first()).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // Wait until Monaco has switched theme (its background says which), then measure.
    await expect(page.getByTestId('spec-editor').locator('.monaco-editor-background').first()).toHaveCSS(
      'background-color',
      scheme === 'dark' ? 'rgb(21, 23, 28)' : 'rgb(255, 255, 255)',
    );
    const contrast = await lineNumberContrast(page);
    expect(contrast.length, 'Monaco editors on screen').toBeGreaterThan(0);
    for (const c of contrast) expect(c, `Monaco line numbers (${scheme})`).toBeGreaterThanOrEqual(4.5);
    expect(await seriousViolations(page)).toEqual([]);
  }
  await page.getByRole('group', { name: 'Right panel' }).getByRole('button', { name: 'Inspector' }).click();
  await page.emulateMedia({ colorScheme: 'light' });

  // Trying to run says which step is wrong, in the same words.
  await page.getByTestId('run').click();
  await page.getByTestId('run-dialog').getByTestId('run-submit').click();
  const toast = page.getByTestId('toast').filter({ hasText: 'did not start' });
  await expect(toast).toContainText('In step "Classify ticket": Prompt is empty.');
  await expect(toast).toContainText('2 more in the problems panel');
  expect(await toast.textContent()).not.toMatch(/\$\.|Too small/);
  await page.getByTestId('run-dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('run-dialog')).toBeHidden();

  // The problem takes you to the step; the inspector says it next to the field.
  await connector.click();
  const inspector = page.getByTestId('node-inspector');
  await expect(inspector.getByRole('heading', { name: 'Look up order' })).toBeVisible();
  await expect(inspector).toContainText('Connector is empty.');
  await page.screenshot({ path: path.join(ART, 'messages-inspector-1440-light.png') });
  // Fix it from the keyboard: the connector list, one arrow down.
  const select = inspector.getByLabel('Connector', { exact: true });
  await select.focus();
  await page.keyboard.press('ArrowDown');
  await expect(select).not.toHaveValue('');
  await problemsSettled(page);
  await expect(rows).toHaveCount(2);

  // Type the prompt with real key presses.
  await prompt.click();
  await expect(inspector.getByRole('heading', { name: 'Classify ticket' })).toBeVisible();
  await inspector.getByTestId('code-Prompt').locator('.monaco-editor .view-lines').click();
  await page.keyboard.type('Classify this ticket: {{ input.message }}');
  await page.keyboard.press('Escape');
  await problemsSettled(page);
  await expect(rows).toHaveCount(1);

  // The stray edge: select it from its problem and delete it.
  await edge.click();
  await page.keyboard.press('Delete');
  await problemsSettled(page);

  // Nothing left: the panel folds to its header.
  await expect(page.getByTestId('problems-errors')).toHaveText('0');
  await expect(list).toBeHidden();
  await expect(page.getByTestId('problems-panel')).toContainText('No problems: ready to run');
  expect(pageErrors).toEqual([]);
});
