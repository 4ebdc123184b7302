/**
 * The web host's session token in a real browser (Debian's Chromium):
 *  - it leaves the address bar once the page has loaded, and a reload still works;
 *  - no other service on 127.0.0.1 ever receives it: cookies ignore ports, so a token
 *    cookie would go to every local port; a recording server on another port checks every
 *    request the browser sends it (navigation, image, fetch with credentials);
 *  - a tab without the token loads the page but says how to connect, and cannot call the API;
 *  - `<img src="http://127.0.0.1:PORT//">` on another local page (which once killed the
 *    host) leaves it serving.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
}

/** Another local service: records every request, serves a page that reaches back to the host. */
async function otherService(hostPort: number): Promise<{ server: Server; port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    if (req.url === '/imgs') {
      res.setHeader('Content-Type', 'text/html');
      const imgs = ['//', '///', '//:', '//@']
        .map((p) => `<img src="http://127.0.0.1:${hostPort}${p}" alt="">`)
        .join('');
      return res.end(`<!doctype html><title>elsewhere</title>${imgs}`);
    }
    res.setHeader('Content-Type', 'text/html');
    res.end('<!doctype html><title>elsewhere</title><p>other service</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0, seen };
}

/** The app reached the API: the start screen lists the shipped examples (examples.list). */
async function expectConnected(page: Page): Promise<void> {
  await expect(page.getByTestId('example-refund-triage')).toBeVisible();
  await expect(page.getByTestId('connection-notice')).toHaveCount(0);
}

test('the token leaves the address bar after load; a reload keeps the session', async ({ page, host }) => {
  await expectConnected(page);
  expect(page.url()).toBe(`http://127.0.0.1:${host.port}/`);
  expect(await page.evaluate(() => location.search)).toBe('');
  // The tokened entry was replaced, not pushed: back leaves the app, forward returns without it.
  await page.goBack();
  expect(page.url()).toBe('about:blank');
  await page.goForward();
  expect(page.url()).toBe(`http://127.0.0.1:${host.port}/`);
  await expectConnected(page);
  await page.reload();
  await expectConnected(page);
  expect(page.url()).not.toContain(host.token);
  // The API really answers after the reload (not only a cached list).
  await page.getByTestId('example-refund-triage').click();
  await expect(page.getByTestId('canvas')).toBeVisible();
});

test('no other service on 127.0.0.1 ever receives the token, and no cookie holds it', async ({ page, host }) => {
  const other = await otherService(host.port);
  try {
    await expectConnected(page);
    // (The Waymark page itself cannot even send a request to another port: its CSP allows
    // only its own origin.) Top-level navigation to the other service in the same browser
    // profile, and that page's own subresources, are where a 127.0.0.1 cookie would travel.
    await page.goto(`http://127.0.0.1:${other.port}/visit`);
    await expect(page.locator('p')).toHaveText('other service');
    await page.evaluate(() => fetch('/from-fetch', { credentials: 'include' }));
    expect(other.seen.map((s) => s.url)).toEqual(expect.arrayContaining(['/from-fetch', '/visit']));
    for (const s of other.seen) {
      expect(s.url).not.toContain(host.token);
      expect(JSON.stringify(s.headers), s.url).not.toContain(host.token);
      expect(s.headers.cookie, s.url).toBeUndefined();
    }
    expect(await page.context().cookies()).toEqual([]);
  } finally {
    other.server.close();
  }
});

test('a tab without the token loads the page, says how to connect, and cannot call the API', async ({
  browser,
  host,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    const res = await page.goto(`http://127.0.0.1:${host.port}/`);
    expect(res?.status()).toBe(200);
    const notice = page.getByTestId('connection-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('Not connected to the Waymark host');
    await expect(notice).toContainText('waymark serve');
    await expect(page.getByTestId('example-refund-triage')).toHaveCount(0);
    // A guessed token fares no better.
    await page.goto(`http://127.0.0.1:${host.port}/?token=${'0'.repeat(64)}`);
    await expect(page.getByTestId('connection-notice')).toBeVisible();
    expect(page.url()).toBe(`http://127.0.0.1:${host.port}/`);
    await page.screenshot({ path: 'e2e/artifacts/host-token-not-connected.png' });
  } finally {
    await context.close();
  }
});

test('images pointing at //, ///, //: and //@ on the host, from another local page, leave it serving', async ({
  page,
  host,
}) => {
  const other = await otherService(host.port);
  try {
    await page.goto(`http://127.0.0.1:${other.port}/imgs`);
    await page.waitForLoadState('load');
    // Each target reached the host and got an answer (the page is public, so the index).
    const answers = await Promise.all(
      ['//', '///', '//:', '//@'].map(async (p) =>
        (await page.request.get(`http://127.0.0.1:${host.port}${p}`)).status(),
      ),
    );
    expect(answers.every((s) => s < 500)).toBe(true);
    await page.goto(host.url);
    await expectConnected(page);
  } finally {
    other.server.close();
  }
});
