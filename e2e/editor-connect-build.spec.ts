/**
 * The first-hour flow built the n8n way: start → llm → decision (two branches) → approval
 * → tool → end from an empty canvas, each step after the first added with "+" on the port
 * it follows, the last connection (tool → end) made from the keyboard. No JSON typed; every field typed
 * with real key presses. Every click, option and typing burst goes through `act()`, which
 * counts it; the figure is printed and must stay ≤ 30.
 */
import type { Locator } from '@playwright/test';
import path from 'node:path';
import { clickPortAdd, picker } from './connect-helpers';
import { dropFromPalette, exportedText, node, problemsSettled } from './editor-helpers';
import { expect, test } from './fixtures';

const ART = path.resolve(import.meta.dirname, 'artifacts');
const BUDGET = 30;

test.use({ actionTimeout: 20_000 });

test('six steps with "+" on ports, no JSON, at most 30 interactions', async ({ page, pageErrors }) => {
  test.setTimeout(240_000);
  let count = 0;
  const log: string[] = [];
  const act = async (what: string, fn: () => Promise<unknown>) => {
    count++;
    log.push(`${count}. ${what}`);
    await fn();
  };
  const typeCode = async (box: Locator, what: string, text: string) => {
    await act(`click ${what}`, () => box.locator('.monaco-editor .view-lines').click());
    await act(`type ${what}`, async () => {
      await page.keyboard.type(text);
      await page.keyboard.press('Escape'); // close the completion list, as a person would
    });
  };
  /** "+" on a port, then a click on the step type in the picker: two interactions. */
  const plus = async (from: string, port: string, type: string) => {
    await act(`"+" on ${from}/${port}`, () => clickPortAdd(page, from, port));
    await act(`pick ${type}`, () => picker(page).getByTestId(`picker-${type}`).click());
    await expect(node(page, type)).toBeVisible();
  };

  await act('New workflow', () => page.getByTestId('start-new').click());
  const ni = page.getByTestId('node-inspector');
  await act('drag start onto the canvas', () => dropFromPalette(page, 'start', 120, 160));

  await plus('start', 'next', 'llm');
  await act('choose "+ Add an LLM connector…"', () =>
    ni.getByLabel('Model', { exact: true }).selectOption({ label: '+ Add an LLM connector…' }),
  );
  await act('Add connector', () =>
    page.getByTestId('connector-dialog').getByRole('button', { name: 'Add connector' }).click(),
  );
  await typeCode(
    ni.getByTestId('code-Prompt'),
    'the prompt',
    'Classify this ticket as refund or other: {{ input.message }}',
  );

  await plus('llm', 'next', 'decision');
  const rule = ni.getByTestId('code-Rule 1 condition');
  await act('click the condition', () => rule.locator('.monaco-editor .view-lines').click());
  await act('select the default condition (Ctrl+A)', () => page.keyboard.press('Control+A'));
  await act('type the condition', async () => {
    await page.keyboard.type('$contains(nodes.llm.text, "refund"');
    await page.keyboard.press('Escape');
  });

  await plus('decision', 'branch:yes', 'approval');
  await plus('decision', 'branch:no', 'end');
  await plus('approval', 'branch:approved', 'tool');
  await act('choose "+ Add an HTTP connector…"', () =>
    ni.getByLabel('Connector', { exact: true }).selectOption({ label: '+ Add an HTTP connector…' }),
  );
  const form = page.getByTestId('connector-dialog');
  await act('click Base URL', () => form.getByLabel('Base URL', { exact: true }).click());
  await act('type the base URL', () =>
    form.getByLabel('Base URL', { exact: true }).pressSequentially('https://refunds.example.test/api'),
  );
  await act('Add connector', () => form.getByRole('button', { name: 'Add connector' }).click());

  // tool → end from the keyboard: select the tool, C, type, Enter.
  await act('click the tool', () => node(page, 'tool').locator('.wm-node__head').click());
  await act('press C', () => page.keyboard.press('c'));
  await act('type "end"', () => page.keyboard.type('end'));
  await act('Enter', () => page.keyboard.press('Enter'));
  await expect(page.getByTestId('connect-chooser')).toBeHidden();

  await problemsSettled(page);
  await page.screenshot({ path: path.join(ART, 'connect-build6.png') });
  console.log(`interactions with "+" on ports: ${count}\n${log.join('\n')}`);
  expect(count, log.join('\n')).toBeLessThanOrEqual(BUDGET);
  await expect(page.getByTestId('problems-errors')).toHaveText('0');

  const spec = JSON.parse(await exportedText(page)) as {
    nodes: Array<{ id: string; type: string; config: Record<string, unknown> }>;
    edges: Array<{ source: string; target: string; kind?: string; branch?: string }>;
    connectors: Record<string, Record<string, unknown>>;
  };
  expect(spec.nodes.map((n) => n.type)).toEqual(['start', 'llm', 'decision', 'approval', 'end', 'tool']);
  const cfg = (id: string) => spec.nodes.find((n) => n.id === id)?.config ?? {};
  expect(cfg('llm')).toMatchObject({ prompt: 'Classify this ticket as refund or other: {{ input.message }}' });
  expect(cfg('decision').rules).toEqual([{ when: '$contains(nodes.llm.text, "refund")', branch: 'yes' }]);
  expect(cfg('tool')).toMatchObject({ connector: 'api' });
  expect(spec.connectors).toMatchObject({ api: { kind: 'http', baseUrl: 'https://refunds.example.test/api' } });
  expect(spec.edges.map((e) => `${e.source}>${e.branch ?? e.kind ?? 'next'}>${e.target}`).sort()).toEqual(
    [
      'start>next>llm',
      'llm>next>decision',
      'decision>yes>approval',
      'decision>no>end',
      'approval>approved>tool',
      'tool>next>end',
    ].sort(),
  );
  expect(pageErrors).toEqual([]);
});
