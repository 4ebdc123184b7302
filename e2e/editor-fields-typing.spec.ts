/**
 * Typing into every kind of field with real key presses (`keyboard.type`, `press`): Monaco
 * code fields (prompts, rules, HTTP body, approval payload, JSON Schemas, the Spec JSON
 * view), plain inputs, textareas and dialog inputs. Spaces, Backspace, Delete, Enter, Tab,
 * arrows and the canvas' own shortcuts (Space, Delete, Backspace, Ctrl+A/C/V/Z, arrows,
 * Shift+L/1/P, ?) typed inside a field change only the field: its text is checked after
 * every phase, and so is the canvas (step count, selection, positions, viewport, open
 * dialogs). Ctrl+Z in a field undoes the field's text, never the canvas: a step added
 * before typing is still there after forty undos, and the document comes back unchanged.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { exportedText, problemsSettled } from './editor-helpers';
import { expect, test } from './fixtures';

test.use({ actionTimeout: 20_000 });

interface CanvasState {
  steps: number;
  selected: string[];
  positions: string;
  viewport: string;
  policyView: string | null;
}

/** What a person sees of the canvas: steps, selection, where they are, and the view. */
async function canvasState(page: Page): Promise<CanvasState> {
  return page.evaluate(() => {
    const nodes = [...document.querySelectorAll<HTMLElement>('.wm-canvas .react-flow__node')];
    return {
      steps: document.querySelectorAll('.wm-canvas .react-flow__node-step').length,
      selected: nodes.filter((n) => n.classList.contains('selected')).map((n) => n.dataset.id ?? ''),
      positions: nodes.map((n) => `${n.dataset.id}@${n.style.transform}`).join(' '),
      viewport: document.querySelector<HTMLElement>('.wm-canvas .react-flow__viewport')?.style.transform ?? '',
      policyView: document.querySelector('[data-testid="policy-view-toggle"]')?.getAttribute('aria-pressed') ?? null,
    };
  });
}

/** A field under test: how to put the caret in it and how to read what it holds. */
interface FieldHandle {
  name: string;
  focus(): Promise<void>;
  read(): Promise<string>;
  multiline: boolean;
  /** In a dialog, where Escape closes the dialog. */
  inDialog?: boolean;
  /** For JSON fields: valid JSON to type before leaving the field. */
  json?: string;
}

function monacoField(name: string, box: Locator, json?: string): FieldHandle {
  return {
    name,
    multiline: true,
    json,
    focus: async () => {
      await expect(box.locator('.monaco-editor')).toBeVisible();
      await box.locator('.monaco-editor .view-lines').click();
      await expect(box.locator('.native-edit-context, textarea.inputarea').first()).toBeFocused();
    },
    read: () =>
      box.evaluate((el) =>
        [...el.querySelectorAll<HTMLElement>('.view-line')]
          .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
          .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '))
          .join('\n'),
      ),
  };
}

function inputField(name: string, input: Locator, multiline = false, inDialog = false): FieldHandle {
  return {
    name,
    multiline,
    inDialog,
    focus: async () => {
      await input.click();
      await expect(input).toBeFocused();
    },
    read: () => input.inputValue(),
  };
}

/**
 * Runs the whole key script in one field, checking the field's text and that the canvas
 * kept `before` after each phase.
 */
async function exercise(page: Page, f: FieldHandle): Promise<void> {
  const kb = page.keyboard;
  const original = await f.read();
  await f.focus();
  const before = await canvasState(page);
  const expectText = async (text: string, phase: string) => {
    await expect.poll(() => f.read(), { message: `${f.name}: ${phase}` }).toBe(text);
    expect(await canvasState(page), `${f.name}: the canvas changed after ${phase}`).toEqual(before);
  };
  const press = async (key: string, times = 1) => {
    for (let i = 0; i < times; i++) await kb.press(key);
  };

  await press('Control+A');
  await press('Delete');
  await expectText('', 'select all + Delete');
  await kb.type('Classify this ticket');
  await expectText('Classify this ticket', 'typing words with spaces');
  await press('Backspace', 6);
  await kb.type('case');
  await expectText('Classify this case', 'Backspace');
  await press('Home');
  await press('Delete');
  await kb.type('C');
  await expectText('Classify this case', 'Home + Delete');
  await press('ArrowRight', 8);
  await kb.type('X ');
  await press('ArrowLeft', 2);
  await press('Space');
  await expectText('Classify  X this case', 'arrows and Space');
  await press('End');
  await press('ArrowUp');
  await press('ArrowDown');
  await press('End');
  for (const k of ['Shift+KeyL', 'Shift+Digit1', 'Shift+KeyP', 'Shift+Slash', 'Backspace', 'Space']) await press(k);
  await expectText('Classify  X this caseL!P ', 'canvas shortcut letters (Shift+L, Shift+1, Shift+P, ?)');
  // (Short texts: small code fields wrap long lines, and the test reads what is shown.)
  await press('Control+A');
  await kb.type('to do');
  await press('Control+A');
  await press('Control+C');
  await press('End');
  await press('Space');
  await press('Control+V');
  await expectText('to do to do', 'Ctrl+A, Ctrl+C, Ctrl+V');
  await press('Control+A');
  await kb.type('Classify this ticket');
  // A completion list may be open: Enter or Tab would take its suggestion (in a dialog, Escape closes it).
  if (!f.inDialog) await press('Escape');
  if (f.multiline) {
    await press('Enter');
    await kb.type('Reply in one line');
    await expectText('Classify this ticket\nReply in one line', 'Enter');
  } else await expectText('Classify this ticket', 'typing over a selection');
  const typed = await f.read();

  if (!f.inDialog) await press('Escape');
  if (f.json) {
    // A JSON field keeps only text that parses (it reverts on leaving): type real JSON.
    // Monaco closes brackets and quotes as they open; the closing quote is typed over.
    await press('Control+A');
    await kb.type(f.json.replace(/"\}$/, ''));
    await expectText(f.json, 'typing JSON (brackets and quotes auto-close)');
    await press('Tab');
    await expectText(f.json, 'Tab (moves focus on)');
  } else {
    await press('Tab');
    await expectText(typed, 'Tab (moves focus on)');
  }
  await f.focus();
  // Inputs undo a character at a time, Monaco a word at a time: as many as it takes.
  for (let i = 0; i < 40 && (await f.read()) !== original; i++) await press('Control+Z', 5);
  await expectText(original, 'Ctrl+Z (undoes the text, not the canvas)');
  if (!f.inDialog) await press('Escape');
}

async function openExample(page: Page) {
  await page.getByTestId('example-refund-triage').click();
  await expect(page.getByTestId('node-classify')).toBeVisible();
  await problemsSettled(page);
}

async function selectStep(page: Page, id: string): Promise<Locator> {
  await page.getByTestId(`node-${id}`).click();
  const ni = page.getByTestId('node-inspector');
  await expect(ni.getByRole('heading', { level: 2 })).toBeVisible();
  await expect(page.getByTestId(`node-${id}`)).toHaveClass(/selected/);
  return ni;
}

/** Opens the refund example with a step added first: a field's Ctrl+Z leaking to the canvas would remove it. */
async function setUp(page: Page, context: BrowserContext): Promise<string> {
  test.setTimeout(240_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openExample(page);
  await page.getByTestId('palette-transform').click();
  await expect(page.getByTestId('node-transform')).toBeVisible();
  return exportedText(page);
}

test('prompts and a step name take every key (llm step)', async ({ page, context, pageErrors }) => {
  const baseline = await setUp(page, context);
  const ni = await selectStep(page, 'classify');
  await exercise(page, monacoField('llm prompt', ni.getByTestId('code-Prompt')));
  await exercise(page, monacoField('llm system prompt', ni.getByTestId('code-System prompt')));
  await exercise(page, inputField('step name', ni.getByLabel('Name', { exact: true })));
  expect(await exportedText(page)).toBe(baseline);
  expect(pageErrors).toEqual([]);
});

test('decision rules take every key', async ({ page, context, pageErrors }) => {
  const baseline = await setUp(page, context);
  const ni = await selectStep(page, 'is_refund');
  await exercise(page, monacoField('decision rule', ni.getByTestId('code-Rule 1 condition')));
  await exercise(page, inputField('rule branch', ni.locator('.wm-rule').first().getByLabel('Branch')));
  expect(await exportedText(page)).toBe(baseline);
  expect(pageErrors).toEqual([]);
});

test('an HTTP body, an approval payload and notes take every key', async ({ page, context, pageErrors }) => {
  const baseline = await setUp(page, context);
  let ni = await selectStep(page, 'issue_refund');
  await exercise(page, monacoField('HTTP body', ni.getByTestId('code-Body')));
  ni = await selectStep(page, 'manager_approval');
  await exercise(page, monacoField('approval payload', ni.getByTestId('code-Payload')));
  await ni.locator('summary', { hasText: /^Notes/ }).click();
  await exercise(page, inputField('notes', ni.getByLabel('Notes for people reading this workflow'), true));
  expect(await exportedText(page)).toBe(baseline);
  expect(pageErrors).toEqual([]);
});

test('a JSON Schema field and the workflow description take every key', async ({ page, context, pageErrors }) => {
  test.setTimeout(240_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // A new workflow: its input schema is short enough to be read whole off the screen.
  await page.getByTestId('start-new').click();
  await page.getByTestId('palette-transform').click();
  await expect(page.getByTestId('node-transform')).toBeVisible();
  const baseline = await exportedText(page);
  await page.keyboard.press('Escape');
  const wf = page.getByTestId('workflow-inspector');
  await expect(wf).toBeVisible();
  await wf.getByRole('group', { name: 'Input schema: view' }).getByRole('button', { name: 'JSON' }).click();
  await exercise(page, monacoField('input JSON Schema', wf.getByTestId('code-Input schema'), '{"title": "A ticket"}'));
  await exercise(page, inputField('workflow description', wf.getByLabel('Description', { exact: true }), true));
  expect(await exportedText(page)).toBe(baseline);
  expect(pageErrors).toEqual([]);
});

test('the Spec JSON view takes every key and leaves the canvas alone', async ({ page, context, pageErrors }) => {
  const baseline = await setUp(page, context);
  await page.getByTestId('tab-spec').click();
  const spec = monacoField('spec JSON view', page.getByTestId('spec-editor'));
  await expect.poll(() => spec.read()).toContain('"specVersion"');
  const specBefore = await spec.read();
  await spec.focus();
  const before = await canvasState(page);
  const specCheck = async (text: string, phase: string) => {
    await expect.poll(() => spec.read(), { message: `spec view: ${phase}` }).toContain(text);
    expect(await canvasState(page), `spec view: the canvas changed after ${phase}`).toEqual(before);
  };
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('"note": "typed with spaces",');
  await specCheck('"note": "typed with spaces",', 'typing a line');
  for (const k of ['Shift+KeyL', 'Shift+Digit1', 'Space']) await page.keyboard.press(k);
  await specCheck('"note": "typed with spaces",L! ', 'canvas shortcut letters');
  for (const k of ['Backspace', 'Backspace', 'Backspace', 'ArrowLeft', 'Delete']) await page.keyboard.press(k);
  await specCheck('"note": "typed with spaces"\n', 'Backspace, arrows, Delete');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('ArrowLeft');
  await specCheck('"note": "typed with spaces"', 'Ctrl+A');
  for (let i = 0; i < 40; i++) await page.keyboard.press('Control+Z');
  await expect.poll(() => spec.read(), { message: 'spec view: Ctrl+Z' }).toBe(specBefore);
  expect(await canvasState(page)).toEqual(before);
  await page.getByTestId('tab-spec').click();
  expect(await exportedText(page)).toBe(baseline);
  expect(pageErrors).toEqual([]);
});

test('a dialog input takes every key (step search)', async ({ page, context, pageErrors }) => {
  const baseline = await setUp(page, context);
  await page.getByTestId('node-transform').click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+K');
  const search = page.getByRole('dialog').getByRole('combobox').or(page.getByRole('dialog').getByRole('textbox'));
  await exercise(page, inputField('search dialog', search.first(), false, true));
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  expect(await exportedText(page)).toBe(baseline);
  expect(pageErrors).toEqual([]);
});
