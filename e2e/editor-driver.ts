/**
 * Drives the inspector like a person, generically: given a field's ParamDescriptor and the
 * value a spec wants, it fills the control the inspector generated for it (inputs,
 * selects, Monaco editors, list and rule editors). This is how the e2e suite builds any
 * example spec through the UI without per-example scripts.
 */
import type { Locator, Page } from '@playwright/test';
import type { ParamDescriptor } from '../shared/nodes/types';
import { expect } from './fixtures';

/** Replaces the text of the Monaco editor labelled `label` inside `scope`. */
export async function setCode(page: Page, scope: Locator, label: string, text: string): Promise<void> {
  await setCodeIn(page, scope.getByTestId(`code-${label}`), text);
}

/** Switches a setting that has a form and a JSON view (schemas, connectors) to its JSON view. */
export async function showJson(scope: Locator, label: string): Promise<void> {
  const toggle = scope.getByRole('group', { name: `${label}: view`, exact: true });
  if (!(await toggle.count())) return;
  const json = toggle.getByRole('button', { name: 'JSON', exact: true });
  if ((await json.getAttribute('aria-pressed')) !== 'true') await json.click();
}

/** Replaces the text of the Monaco editor inside `box`, as a person would (select all, type). */
export async function setCodeIn(page: Page, box: Locator, text: string): Promise<void> {
  await expect(box.locator('.monaco-editor')).toBeVisible();
  await box.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  if (text) await page.keyboard.insertText(text);
  // Close any completion popup so the next keystrokes go where intended.
  await page.keyboard.press('Escape');
}

async function setRules(
  page: Page,
  scope: Locator,
  rules: Array<{ when: string; branch: string; label?: string }>,
): Promise<void> {
  const rows = scope.locator('.wm-rule');
  while ((await rows.count()) > rules.length)
    await scope.getByRole('button', { name: `Remove rule ${await rows.count()}` }).click();
  for (let i = 0; i < rules.length; i++) {
    if ((await rows.count()) <= i) await scope.getByRole('button', { name: 'Add rule' }).click();
    const r = rules[i] as { when: string; branch: string; label?: string };
    await setCode(page, scope, `Rule ${i + 1} condition`, r.when);
    await rows.nth(i).getByLabel('Branch').fill(r.branch);
    await rows
      .nth(i)
      .getByLabel('Why')
      .fill(r.label ?? '');
  }
}

async function setRows(scope: Locator, label: string, values: string[] | Array<[string, string]>): Promise<void> {
  const lower = label.toLowerCase();
  const remove = () => scope.getByRole('button', { name: new RegExp(`^Remove ${lower} `) });
  while ((await remove().count()) > 0) await remove().first().click();
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as string | [string, string];
    await scope.getByRole('button', { name: new RegExp(`^Add ${lower.replace(/s$/, '')}`) }).click();
    if (Array.isArray(v)) {
      await scope.getByLabel(`${label} name ${i + 1}`, { exact: true }).fill(v[0]);
      await scope.getByLabel(`${label} value ${i + 1}`, { exact: true }).fill(v[1]);
    } else await scope.getByLabel(`${label} ${i + 1}`, { exact: true }).fill(v);
  }
}

/** Sets one parameter (or clears it when `value` is undefined). */
export async function setParam(page: Page, scope: Locator, p: ParamDescriptor, value: unknown): Promise<void> {
  switch (p.kind) {
    case 'text':
    case 'textarea':
      await scope.getByLabel(p.label, { exact: true }).fill(typeof value === 'string' ? value : '');
      return;
    case 'number':
      await scope.getByLabel(p.label, { exact: true }).fill(value === undefined ? '' : String(value));
      return;
    case 'duration': {
      // Typed in the largest unit that says it exactly, as a person would.
      const ms = typeof value === 'number' ? value : undefined;
      const units: Array<[string, number]> = [
        ['d', 86_400_000],
        ['h', 3_600_000],
        ['min', 60_000],
      ];
      const [unit, size] = units.find(([, n]) => ms !== undefined && ms % n === 0) ?? ['min', 60_000];
      await scope.getByLabel(`${p.label} unit`, { exact: true }).selectOption(unit);
      await scope.getByLabel(p.label, { exact: true }).fill(ms === undefined ? '' : String(ms / size));
      return;
    }
    case 'boolean': {
      const box = scope.getByRole('switch', { name: p.label });
      if ((await box.isChecked()) !== (value === true)) await box.click({ force: true });
      return;
    }
    case 'select':
    case 'model':
    case 'connector':
      await scope.getByLabel(p.label, { exact: true }).selectOption(typeof value === 'string' ? value : '');
      return;
    case 'template':
    case 'expression':
      await setCode(page, scope, p.label, typeof value === 'string' ? value : '');
      return;
    case 'jsonSchema':
      await showJson(scope, p.label);
      await setCode(page, scope, p.label, value === undefined ? '' : JSON.stringify(value));
      return;
    case 'keyValue':
      await setRows(scope, p.label, Object.entries((value ?? {}) as Record<string, string>));
      return;
    case 'stringList':
      await setRows(scope, p.label, (value ?? []) as string[]);
      return;
    case 'rules':
      await setRules(page, scope, value as Array<{ when: string; branch: string; label?: string }>);
      return;
    default: {
      const never: never = p.kind;
      throw new Error(`no driver for ${String(never)}`);
    }
  }
}

/** Renames the selected element's id through the inspector's "Rename id" action. */
export async function renameId(scope: Locator, to: string): Promise<void> {
  const current = await scope.getByLabel('Id', { exact: true }).inputValue();
  if (current === to) return;
  await scope.getByRole('button', { name: 'Rename id' }).click();
  await scope.getByLabel('New id', { exact: true }).fill(to);
  await scope.getByRole('button', { name: 'Apply' }).click();
  await expect(scope.getByLabel('Id', { exact: true })).toHaveValue(to);
}
