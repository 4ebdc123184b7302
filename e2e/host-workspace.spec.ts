/**
 * The web app's Open and Save As dialogs browse the host's workspace (the only folder it
 * opens and saves in): click through folders, open a file, see links listed but not
 * openable, be refused (clearly) for a path outside, save into a subfolder. Screenshots of
 * both dialogs at 1280 and 1440 px, light and dark, plus an axe scan. DECOYS only: the
 * file outside the workspace and the link target are temp files.
 */
import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';

const ART = path.resolve(import.meta.dirname, 'artifacts');
const EXAMPLE = path.resolve(import.meta.dirname, '..', 'resources', 'examples', 'refund-triage.waymark.json');

let decoyDir: string;

test.beforeAll(async ({ host }) => {
  decoyDir = await mkdtemp(path.join(os.tmpdir(), 'waymark-e2e-decoy-'));
  await writeFile(path.join(decoyDir, 'outside.waymark.json'), await readFile(EXAMPLE, 'utf8'));
  await mkdir(path.join(host.workDir, 'flows', 'archive'), { recursive: true });
  await writeFile(path.join(host.workDir, 'flows', 'refund.waymark.json'), await readFile(EXAMPLE, 'utf8'));
  await writeFile(path.join(host.workDir, 'flows', 'notes.txt'), 'not a workflow');
  await symlink(path.join(decoyDir, 'outside.waymark.json'), path.join(host.workDir, 'flows', 'linked.waymark.json'));
});
test.afterAll(async () => {
  await rm(decoyDir, { recursive: true, force: true });
});

test('Open browses the workspace: folders, files, links not openable, nothing outside', async ({
  page,
  host,
  pageErrors,
}) => {
  await page.getByRole('button', { name: /Open…/ }).click();
  const dialog = page.getByTestId('open-dialog');
  await expect(dialog.getByTestId('workspace-note')).toContainText(host.workDir);
  const browser = dialog.getByTestId('workspace-browser');
  await browser.getByRole('button', { name: 'flows', exact: true }).click();
  await expect(browser.getByRole('navigation', { name: 'Folder' })).toContainText('flows');
  await expect(browser.getByRole('button', { name: /refund\.waymark\.json/ })).toBeVisible();
  await expect(browser.getByRole('button', { name: 'archive', exact: true })).toBeVisible();
  // Not a workflow file: not listed. A link: listed, marked, not a button.
  await expect(browser.getByText('notes.txt')).toHaveCount(0);
  await expect(browser.getByText('linked.waymark.json')).toBeVisible();
  await expect(browser.getByText('link · not opened')).toBeVisible();
  await expect(browser.getByRole('button', { name: /linked\.waymark\.json/ })).toHaveCount(0);
  // Up goes back to the workspace, and no further.
  await browser.getByRole('button', { name: 'Up one folder' }).click();
  await expect(browser.getByRole('button', { name: 'Up one folder' })).toHaveCount(0);

  // A typed path outside the workspace is refused, and says why.
  const input = dialog.getByLabel('File path on this machine');
  await input.pressSequentially(path.join(decoyDir, 'outside.waymark.json'));
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(dialog.getByTestId('file-dialog-problem')).toContainText('outside the workspace');
  await expect(dialog).toBeVisible();

  await browser.getByRole('button', { name: 'flows', exact: true }).click();
  await browser.getByRole('button', { name: /refund\.waymark\.json/ }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('canvas')).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('Save As browses into a folder and saves there', async ({ page, host }) => {
  await page.getByTestId('example-refund-triage').click();
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.keyboard.press('Control+Shift+S');
  const dialog = page.getByTestId('saveas-dialog');
  const input = dialog.getByLabel('File path on this machine');
  await expect(input).toHaveValue(
    new RegExp(`^${host.workDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/.+\\.waymark\\.json$`),
  );
  const browser = dialog.getByTestId('workspace-browser');
  await browser.getByRole('button', { name: 'flows', exact: true }).click();
  await browser.getByRole('button', { name: 'archive', exact: true }).click();
  const name = path.basename(await input.inputValue());
  await expect(input).toHaveValue(path.join(host.workDir, 'flows', 'archive', name));
  // Outside the workspace: refused in the dialog, nothing written there.
  await input.fill('');
  await input.pressSequentially(path.join(decoyDir, 'escaped.waymark.json'));
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog.getByTestId('file-dialog-problem')).toContainText('outside the workspace');
  await input.fill('');
  await input.pressSequentially(path.join(host.workDir, 'flows', 'archive', 'drafted.waymark.json'));
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  const saved = await readFile(path.join(host.workDir, 'flows', 'archive', 'drafted.waymark.json'), 'utf8');
  expect(JSON.parse(saved)).toMatchObject({ specVersion: 1 });
  expect(existsSync(path.join(decoyDir, 'escaped.waymark.json'))).toBe(false);
});

for (const width of [1280, 1440]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`the workspace dialogs at ${width} px, ${scheme} (screenshot, axe)`, async ({ page }) => {
      await page.setViewportSize({ width, height: 860 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.getByRole('button', { name: /Open…/ }).click();
      const open = page.getByTestId('open-dialog');
      await open.getByTestId('workspace-browser').getByRole('button', { name: 'flows', exact: true }).click();
      await expect(open.getByText('link · not opened')).toBeVisible();
      await page.screenshot({ path: path.join(ART, `workspace-open-${width}-${scheme}.png`) });
      const axe = await new AxeBuilder({ page }).include('[data-testid="open-dialog"]').analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual(
        [],
      );
      await page.keyboard.press('Escape');
      await page.getByTestId('example-refund-triage').click();
      await expect(page.getByTestId('canvas')).toBeVisible();
      await page.keyboard.press('Control+Shift+S');
      const save = page.getByTestId('saveas-dialog');
      await save.getByTestId('workspace-browser').getByRole('button', { name: 'flows', exact: true }).click();
      await expect(save.getByLabel('File path on this machine')).toHaveValue(/flows/);
      await page.screenshot({ path: path.join(ART, `workspace-saveas-${width}-${scheme}.png`) });
    });
  }
}
