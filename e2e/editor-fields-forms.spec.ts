/**
 * Forms instead of JSON, driven with real key presses: the connector forms (LLM: provider,
 * model from the offline price table with its prices filled in, key by secret name;
 * HTTP: base URL, a secret header, risk class) and the JSON Schema builder (fields, types,
 * required, nested objects, allowed values, descriptions), checked in the exported spec,
 * with keywords the form does not show kept through edits. Each form is screenshot at
 * 1440 and 1280 px in light and dark (e2e/artifacts/forms-*.png) and scanned with axe.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import path from 'node:path';
import { exportedText, openSpecFile } from './editor-helpers';
import { expect, test } from './fixtures';

const ART = path.resolve(import.meta.dirname, 'artifacts');

test.use({ actionTimeout: 20_000 });

async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(' | ')})`);
}

/** Screenshots at 1440 and 1280 px wide, then back to 1440. */
async function shoot(page: Page, name: string, scheme: string, target?: Locator): Promise<void> {
  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(250);
    const file = path.join(ART, `forms-${name}-${scheme}-${width}.png`);
    if (target) await target.screenshot({ path: file });
    else await page.screenshot({ path: file });
  }
}

/** Replaces an input's text by keyboard: select all, then type. */
async function typeInto(field: Locator, text: string): Promise<void> {
  await field.click();
  await field.press('Control+A');
  if (text) await field.pressSequentially(text);
  else await field.press('Delete');
}

interface Exported {
  input: Record<string, unknown>;
  connectors: Record<string, Record<string, unknown>>;
  secrets: Array<{ name: string }>;
}

for (const scheme of ['light', 'dark'] as const) {
  test(`connectors are set up through forms (${scheme})`, async ({ page, pageErrors }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: scheme });
    await page.getByTestId('start-new').click();
    const wf = page.getByTestId('workflow-inspector');

    // An LLM connector: provider and model from the table, prices filled in.
    await wf.getByRole('button', { name: 'Add an LLM connector' }).click();
    const form = page.getByTestId('connector-dialog');
    await expect(form).toBeVisible();
    await form.getByLabel('Provider', { exact: true }).selectOption({ label: 'Anthropic' });
    const model = form.getByLabel('Model', { exact: true });
    await model.selectOption({ value: 'claude-sonnet-4-5' });
    await expect(form.getByLabel('Input price per million tokens')).not.toHaveValue('');
    const input = Number(await form.getByLabel('Input price per million tokens').inputValue());
    const output = Number(await form.getByLabel('Output price per million tokens').inputValue());
    expect(input).toBeGreaterThan(0);
    expect(output).toBeGreaterThan(input);
    await typeInto(form.getByLabel('Name', { exact: true }), 'claude');
    await expect(form.getByLabel('API key secret')).toHaveValue('ANTHROPIC_API_KEY');
    await shoot(page, 'llm-connector', scheme, form);
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Add connector' }).click();
    await expect(form).toBeHidden();
    await expect(wf.getByTestId('connector-claude')).toContainText('claude-sonnet-4-5');

    // An HTTP connector with a token from a secret and a declared risk class.
    await wf.getByRole('button', { name: 'Add an HTTP connector' }).click();
    await expect(form).toBeVisible();
    await typeInto(form.getByLabel('Name', { exact: true }), 'orders');
    // Saving without a base URL names the field.
    await form.getByRole('button', { name: 'Add connector' }).click();
    await expect(form.getByText('Type a full URL, e.g. https://api.example.com/v1.')).toBeVisible();
    await typeInto(form.getByLabel('Base URL', { exact: true }), 'https://orders.example.test/api');
    await form.getByLabel('Authentication', { exact: true }).selectOption('secretHeader');
    await typeInto(form.getByLabel('Secret', { exact: true }), 'orders token');
    await expect(form.getByLabel('Secret', { exact: true })).toHaveValue('ORDERS_TOKEN');
    await form.getByLabel('Risk class', { exact: true }).selectOption('read');
    await shoot(page, 'http-connector', scheme, form);
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Add connector' }).click();
    await expect(form).toBeHidden();
    await expect(wf.getByTestId('connector-orders')).toContainText('https://orders.example.test/api');
    await shoot(page, 'connector-cards', scheme, wf);
    expect(await seriousViolations(page)).toEqual([]);

    const spec = JSON.parse(await exportedText(page)) as Exported;
    expect(spec.connectors).toEqual({
      claude: {
        kind: 'llm',
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        apiKey: { secret: 'ANTHROPIC_API_KEY' },
        pricing: { inputPerMTok: input, outputPerMTok: output },
      },
      orders: {
        kind: 'http',
        baseUrl: 'https://orders.example.test/api',
        headers: { Authorization: { secret: 'ORDERS_TOKEN' } },
        risk: 'read',
      },
    });
    expect(spec.secrets.map((s) => s.name).sort()).toEqual(['ANTHROPIC_API_KEY', 'ORDERS_TOKEN']);

    // Editing keeps what the form does not show; JSON is one click away and says the same.
    await wf.getByRole('button', { name: 'Edit connector claude' }).click();
    await expect(form.getByLabel('Model', { exact: true })).toHaveValue('claude-sonnet-4-5');
    await typeInto(form.getByLabel('Name', { exact: true }), 'writer');
    await form.getByRole('button', { name: 'Save connector' }).click();
    await expect(wf.getByTestId('connector-writer')).toBeVisible();
    await wf.getByRole('group', { name: 'Connectors: view' }).getByRole('button', { name: 'JSON' }).click();
    await expect(wf.getByTestId('code-Connectors')).toContainText('"writer"');
    expect(pageErrors).toEqual([]);
  });

  test(`the run input is described with the schema builder (${scheme})`, async ({ page, host, pageErrors }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: scheme });
    await page.getByTestId('start-new').click();
    // A schema with keywords the form does not show: they survive the form's edits.
    await openSpecFile(
      page,
      host.workDir,
      `schema-${scheme}.waymark.json`,
      JSON.stringify({
        specVersion: 1,
        id: 'schema_demo',
        name: 'Schema demo',
        input: {
          type: 'object',
          $comment: 'kept',
          properties: { email: { type: 'string', format: 'email' } },
          additionalProperties: false,
        },
        nodes: [],
        edges: [],
      }),
    );
    const wf = page.getByTestId('workflow-inspector');
    await expect(wf.getByLabel('Input field 1 name')).toHaveValue('email');

    await typeInto(wf.getByLabel('Input field 1 name'), 'customerEmail');
    await wf.getByLabel('Input field 1 required').check();

    await wf.getByRole('button', { name: 'Add input field' }).click();
    await typeInto(wf.getByLabel('Input field 2 name'), 'priority');
    await wf.getByRole('button', { name: 'Show details of input field 2' }).click();
    await typeInto(wf.getByLabel('Input field 2 description'), 'How urgent the ticket is');
    await typeInto(wf.getByLabel('Input field 2 allowed values'), 'low, normal, high');

    await wf.getByRole('button', { name: 'Add input field' }).click();
    await typeInto(wf.getByLabel('Input field 3 name'), 'amount');
    await wf.getByLabel('Input field 3 type').selectOption('number');

    await wf.getByRole('button', { name: 'Add input field' }).click();
    await typeInto(wf.getByLabel('Input field 4 name'), 'items');
    await wf.getByLabel('Input field 4 type').selectOption('array');
    await wf.getByLabel('Input field 4 item type').selectOption('object');
    await wf.getByRole('button', { name: 'Add a field inside input field 4' }).click();
    await typeInto(wf.getByLabel('Input field 4.1 name'), 'sku');
    await wf.getByLabel('Input field 4.1 required').check();

    // A duplicate name is refused where it is typed, and nothing is written.
    await typeInto(wf.getByLabel('Input field 3 name'), 'priority');
    await expect(wf.getByText('There is already a field "priority".')).toBeVisible();
    await typeInto(wf.getByLabel('Input field 3 name'), 'amount');

    await shoot(page, 'schema-builder', scheme, wf.locator('.wm-schemafield').first());
    expect(await seriousViolations(page)).toEqual([]);

    const spec = JSON.parse(await exportedText(page)) as Exported;
    expect(spec.input).toEqual({
      type: 'object',
      $comment: 'kept',
      properties: {
        customerEmail: { type: 'string', format: 'email' },
        priority: { type: 'string', description: 'How urgent the ticket is', enum: ['low', 'normal', 'high'] },
        amount: { type: 'number' },
        items: {
          type: 'array',
          items: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] },
        },
      },
      additionalProperties: false,
      required: ['customerEmail'],
    });

    // JSON one click away: the same schema, and back to the form unchanged.
    const view = wf.getByRole('group', { name: 'Input schema: view' });
    await view.getByRole('button', { name: 'JSON' }).click();
    await expect(wf.getByTestId('code-Input schema')).toContainText('"customerEmail"');
    await view.getByRole('button', { name: 'Form' }).click();
    await expect(wf.getByLabel('Input field 4.1 name')).toHaveValue('sku');
    expect(JSON.parse(await exportedText(page))).toEqual(spec);
    expect(pageErrors).toEqual([]);
  });
}
