/**
 * The first-hour goal: build start → llm → decision (two branches) → approval → tool → end
 * from an empty canvas with no JSON typed, in at most 30 interactions, every field typed
 * with real key presses. Every click, drag, option chosen and typing burst goes through
 * `act()`, which counts it; the test fails past 30. The result must validate with no
 * errors and export as the workflow described.
 */
import type { Locator } from '@playwright/test';
import path from 'node:path';
import { connect, dropFromPalette, exportedText, problemsSettled } from './editor-helpers';
import { expect, test } from './fixtures';

const ART = path.resolve(import.meta.dirname, 'artifacts');
const BUDGET = 30;

test.use({ actionTimeout: 20_000 });

test('six steps, no JSON, at most 30 interactions', async ({ page, pageErrors }) => {
  test.setTimeout(240_000);
  let count = 0;
  const log: string[] = [];
  /** One interaction a person makes. */
  const act = async (what: string, fn: () => Promise<unknown>) => {
    count++;
    log.push(`${count}. ${what}`);
    await fn();
  };
  /** Click into a code field and type (two interactions: the click, the typing). */
  const typeCode = async (box: Locator, what: string, text: string) => {
    await act(`click ${what}`, () => box.locator('.monaco-editor .view-lines').click());
    await act(`type ${what}`, async () => {
      await page.keyboard.type(text);
      await page.keyboard.press('Escape'); // close the completion list, as a person would
    });
  };
  const typeInput = async (field: Locator, what: string, text: string) => {
    await act(`type ${what}`, () => field.pressSequentially(text));
  };
  const drop = (type: string, x: number, y: number) =>
    act(`drag ${type} onto the canvas`, () => dropFromPalette(page, type, x, y));
  const link = (from: string, port: string, to: string) =>
    act(`connect ${from}/${port} → ${to}`, () => connect(page, from, port, to));

  await act('New workflow', () => page.getByTestId('start-new').click());
  await act('hide problems', () => page.getByRole('button', { name: 'Hide problems' }).click());
  const ni = page.getByTestId('node-inspector');

  await drop('start', 170, 90);
  await drop('llm', 500, 90);
  // The model: "+ Add an LLM connector…" opens the form, already filled with a priced model.
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

  await drop('decision', 170, 300);
  // The rule starts as `true`: select it and type over it.
  const rule = ni.getByTestId('code-Rule 1 condition');
  await act('click the condition', () => rule.locator('.monaco-editor .view-lines').click());
  await act('select the default condition (Ctrl+A)', () => page.keyboard.press('Control+A'));
  await act('type the condition', async () => {
    await page.keyboard.type('$contains(nodes.llm.text, "refund"');
    await page.keyboard.press('Escape');
  });

  await drop('approval', 500, 300);
  await drop('tool', 170, 510);
  await act('choose "+ Add an HTTP connector…"', () =>
    ni.getByLabel('Connector', { exact: true }).selectOption({ label: '+ Add an HTTP connector…' }),
  );
  const form = page.getByTestId('connector-dialog');
  await act('click Base URL', () => form.getByLabel('Base URL', { exact: true }).click());
  await typeInput(form.getByLabel('Base URL', { exact: true }), 'the base URL', 'https://refunds.example.test/api');
  await act('Add connector', () => form.getByRole('button', { name: 'Add connector' }).click());
  await drop('end', 500, 510);

  await link('start', 'next', 'llm');
  await link('llm', 'next', 'decision');
  await link('decision', 'branch:yes', 'approval');
  await link('decision', 'branch:no', 'end');
  await link('approval', 'branch:approved', 'tool');
  await link('tool', 'next', 'end');

  // The problems panel opens by itself when the first problems appear; fold state is the layout's.
  const showProblems = page.getByRole('button', { name: 'Show problems' });
  if (await showProblems.isVisible()) await act('show problems', () => showProblems.click());
  await problemsSettled(page);
  await page.screenshot({ path: path.join(ART, 'build6.png') });
  console.log(`interactions: ${count}\n${log.join('\n')}`);
  expect(count, log.join('\n')).toBeLessThanOrEqual(BUDGET);
  await expect(page.getByTestId('problems-errors')).toHaveText('0');

  const spec = JSON.parse(await exportedText(page)) as {
    nodes: Array<{ id: string; type: string; config: Record<string, unknown> }>;
    edges: Array<{ source: string; target: string; kind?: string; branch?: string }>;
    connectors: Record<string, Record<string, unknown>>;
  };
  expect(spec.nodes.map((n) => n.type)).toEqual(['start', 'llm', 'decision', 'approval', 'tool', 'end']);
  const cfg = (id: string) => spec.nodes.find((n) => n.id === id)?.config ?? {};
  expect(cfg('llm')).toMatchObject({
    model: 'gpt',
    prompt: 'Classify this ticket as refund or other: {{ input.message }}',
  });
  expect(cfg('decision').rules).toEqual([{ when: '$contains(nodes.llm.text, "refund")', branch: 'yes' }]);
  expect(cfg('tool')).toMatchObject({ connector: 'api' });
  expect(spec.connectors).toMatchObject({
    gpt: { kind: 'llm', provider: 'openai', model: 'gpt-4o-mini', pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 } },
    api: { kind: 'http', baseUrl: 'https://refunds.example.test/api' },
  });
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
