/**
 * Edges follow branch renames, in a real browser: renaming a decision branch key by key in the
 * inspector (through an empty field) keeps its edge, as one undo step. Removing the branch
 * leaves the edge on the canvas, dashed red from a struck-through ghost port, with a label
 * saying why; one click on it (or on its problem's "Fix…") reconnects it or deletes it.
 */
import type { Page } from '@playwright/test';
import path from 'node:path';
import { SpecSchema, type WorkflowSpec } from '../shared/spec/schema';
import { exportedText, node, openSpecFile, problemsSettled } from './editor-helpers';
import { expect, test } from './fixtures';

test.use({ actionTimeout: 20_000 });

const ART = path.resolve(import.meta.dirname, 'artifacts');

/** start → "Check amount" (small / medium / else large) → three ends. */
const SPEC = {
  specVersion: 1,
  id: 'branches-e2e',
  name: 'Branches',
  input: { type: 'object', properties: { amount: { type: 'number' } } },
  nodes: [
    { id: 'start', type: 'start', typeVersion: 1, name: 'Start', position: { x: 0, y: 160 }, config: {} },
    {
      id: 'check',
      type: 'decision',
      typeVersion: 1,
      name: 'Check amount',
      position: { x: 320, y: 160 },
      config: {
        rules: [
          { when: 'input.amount < 50', branch: 'small' },
          { when: 'input.amount < 500', branch: 'medium' },
        ],
        defaultBranch: 'large',
      },
    },
    { id: 'auto', type: 'end', typeVersion: 1, name: 'Paid automatically', position: { x: 720, y: 40 }, config: {} },
    { id: 'lead', type: 'end', typeVersion: 1, name: 'Team lead', position: { x: 720, y: 200 }, config: {} },
    { id: 'cfo', type: 'end', typeVersion: 1, name: 'CFO', position: { x: 720, y: 360 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'check', kind: 'next' },
    { id: 'e2', source: 'check', target: 'auto', kind: 'branch', branch: 'small' },
    { id: 'e3', source: 'check', target: 'lead', kind: 'branch', branch: 'medium' },
    { id: 'e4', source: 'check', target: 'cfo', kind: 'branch', branch: 'large' },
  ],
};

async function exported(page: Page): Promise<WorkflowSpec> {
  return SpecSchema.parse(JSON.parse(await exportedText(page)));
}
const edgeOf = (s: WorkflowSpec, id: string) => s.edges.find((e) => e.id === id);

async function open(page: Page, workDir: string, name: string) {
  await page.getByTestId('start-new').click();
  await openSpecFile(page, workDir, name, JSON.stringify(SPEC));
  await expect(node(page, 'check')).toBeVisible();
  await problemsSettled(page);
  await node(page, 'check').click();
  await expect(page.getByTestId('node-inspector')).toBeVisible();
}

/** Clicks an empty spot of the canvas (takes focus out of the field, so Ctrl+Z is the canvas'). */
async function clickPane(page: Page) {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  await page.mouse.click(box.x + box.width - 30, box.y + 30);
}

test('renaming a branch with real key presses keeps its edge, as one undo step', async ({ page, host, pageErrors }) => {
  await open(page, host.workDir, 'branch-rename.waymark.json');
  const branch = page.getByTestId('node-inspector').locator('.wm-rule').first().getByLabel('Branch');
  await expect(branch).toHaveValue('small');
  await branch.click();
  await page.keyboard.press('End');
  // Through an empty field: five Backspaces, then the new name typed key by key.
  for (let i = 0; i < 5; i++) await page.keyboard.press('Backspace');
  await expect(branch).toHaveValue('');
  await branch.pressSequentially('tiny');
  await expect(branch).toHaveValue('tiny');

  // The edge moved with the branch: its label reads the new name and nothing is orphaned.
  await expect(page.getByTestId('edge-label-e2')).toHaveText('tiny');
  await expect(page.getByTestId('handle-check-branch:tiny')).toBeVisible();
  await expect(page.locator('.wm-edge-path.is-orphan')).toHaveCount(0);
  await expect(page.getByTestId('edge-fix-e2')).toHaveCount(0);
  expect(edgeOf(await exported(page), 'e2')).toMatchObject({ kind: 'branch', branch: 'tiny', target: 'auto' });
  await problemsSettled(page);
  await expect(page.getByTestId('problems-errors')).toHaveText('0');

  // Rename it again in one burst (select all, type), then one Ctrl+Z on the canvas: rule and edge go
  // back together — to "tiny", or to "small" if the history joined both typing bursts into one step.
  await branch.click();
  await page.keyboard.press('Control+A');
  await branch.pressSequentially('petty');
  await expect(page.getByTestId('edge-label-e2')).toHaveText('petty');
  await clickPane(page);
  await page.keyboard.press('Control+Z');
  await expect(page.getByTestId('edge-label-e2')).not.toHaveText('petty');
  const back = (await page.getByTestId('edge-label-e2').textContent()) ?? '';
  expect(['tiny', 'small']).toContain(back);
  await expect(page.locator('.wm-edge-path.is-orphan')).toHaveCount(0);
  expect(edgeOf(await exported(page), 'e2')).toMatchObject({ branch: back, target: 'auto' });
  await node(page, 'check').click();
  await expect(page.getByTestId('node-inspector').locator('.wm-rule').first().getByLabel('Branch')).toHaveValue(back);
  expect(pageErrors).toEqual([]);
});

test('a removed branch leaves a dashed red edge with a one-click fix, on the canvas and in the problems', async ({
  page,
  host,
  pageErrors,
}) => {
  test.setTimeout(120_000);
  await open(page, host.workDir, 'branch-orphan.waymark.json');
  await page.getByTestId('node-inspector').getByRole('button', { name: 'Remove rule 1' }).click();

  // The edge stays, drawn dashed red from a ghost "small" port, and its label says why.
  const label = page.getByTestId('edge-fix-e2');
  await expect(label).toHaveText('Branch “small” is gone');
  const path_ = page.locator('[data-id="e2"] .wm-edge-path');
  await expect(path_).toHaveClass(/is-orphan/);
  expect(await path_.evaluate((el) => getComputedStyle(el).strokeDasharray)).not.toBe('none');
  await expect(page.getByTestId('handle-check-branch:small')).toBeVisible();
  await expect(page.getByTestId('handle-check-branch:small').locator('..')).toHaveClass(/wm-port--orphan/);

  // The problems list names the step and offers the same fix.
  await problemsSettled(page);
  const showProblems = page.getByRole('button', { name: 'Show problems' });
  if (await showProblems.isVisible()) await showProblems.click();
  const problem = page.getByTestId('problems-list').locator('li').filter({ hasText: 'has no branch "small"' });
  await expect(problem).toContainText('"Check amount" has no branch "small"');
  await expect(problem.getByTestId('problem-fix-e2')).toBeVisible();

  for (const scheme of ['light', 'dark'] as const)
    for (const width of [1280, 1440]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 900 });
      await expect(label).toBeVisible();
      await page.screenshot({ path: path.join(ART, `orphan-edge-${scheme}-${width}.png`) });
    }
  await page.emulateMedia({ colorScheme: 'light' });

  // One click on the label: a menu of the step's ports (taken ones say where they lead) and Delete.
  await label.click();
  const menu = page.getByTestId('edge-fix-menu');
  await expect(menu).toBeVisible();
  await expect(menu.getByTestId('edge-fix-port-branch:medium')).toBeDisabled();
  await expect(menu.getByTestId('edge-fix-port-branch:medium')).toContainText('leads to “Team lead”');
  await expect(menu.getByTestId('edge-fix-delete')).toBeVisible();
  await page.screenshot({ path: path.join(ART, 'orphan-edge-menu-light-1440.png') });
  // Escape closes it and gives focus back to the label.
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(label).toBeFocused();

  // Reconnect to the error output, from the keyboard: Enter opens, arrows move, Enter chooses.
  await page.keyboard.press('Enter');
  await expect(menu).toBeVisible();
  await expect(menu.getByTestId('edge-fix-port-error')).toBeFocused(); // the first free port
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  await expect(page.getByTestId('edge-fix-e2')).toHaveCount(0);
  await expect(page.getByTestId('edge-label-e2')).toHaveText('error');
  expect(edgeOf(await exported(page), 'e2')).toEqual({ id: 'e2', source: 'check', target: 'auto', kind: 'error' });

  // Undo brings the orphan back; this time fix it from the problems list: delete the edge.
  await clickPane(page);
  await page.keyboard.press('Control+Z');
  await expect(page.getByTestId('edge-fix-e2')).toBeVisible();
  await problemsSettled(page);
  // (The panel folded itself when the reconnect left no problems; it stays folded until asked.)
  if (await showProblems.isVisible()) await showProblems.click();
  await problem.getByTestId('problem-fix-e2').click();
  await menu.getByTestId('edge-fix-delete').click();
  await expect(page.locator('[data-id="e2"]')).toHaveCount(0);
  await expect(page.getByTestId('handle-check-branch:small')).toHaveCount(0);
  expect(edgeOf(await exported(page), 'e2')).toBeUndefined();
  await problemsSettled(page);
  await expect(page.getByTestId('problems-list')).not.toContainText('has no branch "small"');
  expect(pageErrors).toEqual([]);
});
