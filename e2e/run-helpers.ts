/**
 * Helpers for the run e2e specs: open an example, start a run through the Run dialog (its
 * form generated from the input schema), wait for run states, and save screenshots.
 */
import type { Page } from '@playwright/test';
import path from 'node:path';
import { problemsSettled } from './editor-helpers';
import { expect } from './fixtures';

export const ART = path.resolve(import.meta.dirname, 'artifacts');

export async function openExample(page: Page, name = 'refund-triage'): Promise<void> {
  await page.getByTestId(`example-${name}`).click();
  await expect(page.getByTestId('node-classify')).toBeVisible();
  await problemsSettled(page);
}

/** Opens the Run dialog, optionally edits form fields (label → value), and runs. */
export async function startRun(page: Page, fields: Record<string, string> = {}, simulate = true): Promise<string> {
  await page.getByTestId('run').click();
  const dialog = page.getByTestId('run-dialog');
  await expect(dialog).toBeVisible();
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label).fill(value);
  const toggle = dialog.getByTestId('simulate-toggle');
  if ((await toggle.isChecked()) !== simulate) await toggle.setChecked(simulate, { force: true });
  await dialog.getByTestId('run-submit').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('trace-panel')).toBeVisible();
  const runId =
    (await page.getByTestId('run-summary').locator('.wm-runsum__name .wm-muted').textContent())
      ?.replace(/^·\s*/, '')
      .trim() ?? '';
  expect(runId).toMatch(/\S/);
  return runId;
}

export async function runStatus(page: Page): Promise<string> {
  return (await page.getByTestId('run-summary').getByTestId('run-status').textContent()) ?? '';
}

export function nodeState(page: Page, nodeId: string) {
  return page.getByTestId(`run-state-${nodeId}`);
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ART, `${name}.png`) });
}

/**
 * Replaces a Monaco field's text as a person would (select all, paste). Unlike the editor
 * driver it does not press Escape afterwards: inside a dialog that would close it.
 */
export async function setMonacoText(page: Page, testId: string, text: string): Promise<void> {
  const box = page.getByTestId(testId);
  await expect(box.locator('.monaco-editor')).toBeVisible();
  await box.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}
