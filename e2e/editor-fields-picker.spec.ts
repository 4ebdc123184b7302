/**
 * The variable picker: from a template or an expression, browse the run input and earlier
 * steps' outputs and insert the path — by keyboard (open, type to filter, arrows, Enter),
 * and by mouse. In templates the path lands inside `{{ }}`. (Dragging an entry into a
 * code field is implemented but not yet driven here: Playwright's drag did not reach the
 * editor's drop handler under the open list.) Screenshot of the open picker in light and dark; axe on it.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator } from '@playwright/test';
import path from 'node:path';
import { expect, test } from './fixtures';
import { openExample } from './run-helpers';

const ART = path.resolve(import.meta.dirname, 'artifacts');

test.use({ actionTimeout: 20_000 });

/** What a Monaco field shows, line by line (wrapped lines joined). */
const shown = (box: Locator) =>
  box.evaluate((el) =>
    [...el.querySelectorAll<HTMLElement>('.view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '))
      .join(''),
  );

for (const scheme of ['light', 'dark'] as const) {
  test(`insert a variable by keyboard and by click (${scheme})`, async ({ page, pageErrors }) => {
    test.setTimeout(150_000);
    await page.emulateMedia({ colorScheme: scheme });
    await openExample(page);
    await page.getByTestId('node-draft_reply').click();
    const ni = page.getByTestId('node-inspector');
    const prompt = ni.getByTestId('code-Prompt');
    await expect(prompt.locator('.monaco-editor')).toBeVisible();

    // Keyboard: put the caret at the end of the prompt, then open the picker from its button.
    await prompt.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Category: ');
    const open = ni.getByRole('button', { name: 'Insert a variable into Prompt' });
    await open.focus();
    await page.keyboard.press('Enter');
    const picker = ni.getByRole('dialog', { name: 'Variables for Prompt' });
    await expect(picker.getByRole('combobox', { name: 'Find a variable' })).toBeFocused();
    await expect(picker.getByRole('group', { name: 'Classify ticket' })).toBeVisible();
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(ART, `variable-picker-${scheme}.png`) });
    const axe = await new AxeBuilder({ page }).include('.wm-varpick__pop').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual(
      [],
    );
    await page.keyboard.type('categ');
    await expect(picker.locator('[role="option"][aria-selected="true"]')).toHaveAttribute(
      'data-path',
      'nodes.classify.category',
    );
    await page.keyboard.press('Enter');
    await expect(picker).toBeHidden();
    await expect.poll(() => shown(prompt)).toContain('Category: {{ nodes.classify.category }}');
    // The caret stayed in the prompt: typing goes on after the insertion.
    await page.keyboard.type('.');
    await expect.poll(() => shown(prompt)).toContain('{{ nodes.classify.category }}.');

    // Escape closes the picker and gives focus back to its button.
    await open.click();
    await page.keyboard.press('Escape');
    await expect(picker).toBeHidden();
    await expect(open).toBeFocused();

    // An expression: no braces; ↓ moves through the list, Enter takes the highlighted one.
    await page.getByTestId('node-amount_check').click();
    const rule = ni.getByTestId('code-Rule 1 condition');
    await rule.locator('.view-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await ni.getByRole('button', { name: 'Insert a variable into Rule 1 condition' }).click();
    const rulePicker = ni.getByRole('dialog', { name: 'Variables for Rule 1 condition' });
    await page.keyboard.type('amountCents');
    await page.keyboard.press('ArrowDown');
    const active = rulePicker.locator('[role="option"][aria-selected="true"]');
    const chosen = await active.getAttribute('data-path');
    expect(chosen).toMatch(/amountCents$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => shown(rule)).toBe(chosen);

    expect(pageErrors).toEqual([]);
  });
}
