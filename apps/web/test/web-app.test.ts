import { statSync } from 'node:fs';
import { createCofferClient } from '@coffer/client';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Chromium, launchChromium } from './support/chromium.ts';
import { type RunningServer, startCofferServer } from './support/coffer-server.ts';
import { sampleCsv } from './support/sample-csv.ts';
import { screenshot } from './support/screenshots.ts';

const user = { username: 'browser-ada', password: 'correct horse battery' };
const IMPORT_ROWS = 3_000;
/** Screenshots stay small enough to keep and look at. */
const MAX_SCREENSHOT_BYTES = 150 * 1024;

let server: RunningServer;
let chromium: Chromium;
let page: Page;

beforeAll(async () => {
  [server, chromium] = await Promise.all([startCofferServer(), launchChromium()]);
  page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  page.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

async function shoot(name: string): Promise<void> {
  const path = await screenshot(page, name);
  expect(statSync(path).size).toBeLessThan(MAX_SCREENSHOT_BYTES);
}

const rows = () => page.locator('[data-testid=entries] tbody tr');

describe('the web app in Chromium', () => {
  it('is served at / and creates a user and an account from the login screen', async () => {
    await page.goto(server.url);
    await page.getByLabel('Username').waitFor();
    await shoot('1-login');
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.getByText('No account yet').waitFor();

    await page.getByLabel('Account name').fill('Checking');
    await page.getByRole('button', { name: 'Add account' }).click();
    await expect.poll(() => page.getByTestId('accounts').textContent()).toContain('Checking');
    await page.getByTestId('connection').getByText('live').waitFor();
  });

  it('adds an entry and shows it in the table', async () => {
    await page.getByLabel('Amount').fill('-12.50');
    await page.getByLabel('Payee').fill('Typed in the browser');
    await page.getByLabel('Category').fill('Groceries');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await rows().filter({ hasText: 'Typed in the browser' }).waitFor();
    expect(await rows().first().textContent()).toContain('-€12.50');
    await expect.poll(() => page.getByTestId('accounts').textContent()).toContain('-€12.50');
  });

  it('shows an entry made by another session as soon as it is made', async () => {
    const other = createCofferClient({ url: server.url });
    try {
      await other.login(user);
      const [account] = await other.trpc.accounts.list.query();
      if (!account) throw new Error('the account made in the browser is missing');
      await other.trpc.entries.create.mutate({
        accountId: account.id,
        date: new Date().toISOString().slice(0, 10),
        amount: 420_00,
        payee: 'Made in another session',
      });
    } finally {
      await other.close();
    }
    // No reload: the change arrives on live.changes and the table refetches.
    await rows().filter({ hasText: 'Made in another session' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('connection').textContent()).toMatch(/changes?/);
    await shoot('2-dashboard-live');
  });

  it('imports a CSV with a progress bar that ends at 100%', async () => {
    // Record every value the bar shows, from the moment it appears.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { progressSeen: number[] }).progressSeen = seen;
      const record = () => {
        const bar = document.querySelector('progress');
        if (bar && seen[seen.length - 1] !== bar.value) seen.push(bar.value);
      };
      new MutationObserver(record).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['value'],
      });
    });
    const csv = sampleCsv(IMPORT_ROWS, new Date().toISOString().slice(0, 10));
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'bank-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const status = page.getByTestId('import-status');
    await status.and(page.locator('[data-phase=succeeded]')).waitFor({ timeout: 20_000 });
    expect(await status.locator('progress').evaluate((bar: HTMLProgressElement) => bar.value)).toBe(100);
    expect(await status.textContent()).toContain(`Imported ${IMPORT_ROWS.toLocaleString('en-US')} of`);
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
    expect(seen[0]).toBeLessThan(100);
    expect(seen.at(-1)).toBe(100);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    await shoot('3-import-done');
  });

  it('loads the next page of entries as the table scrolls (keyset cursor)', async () => {
    await expect.poll(() => page.getByTestId('connection').textContent()).toContain('changes');
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(50);
    await page.locator('.table-scroll').evaluate((scroller) => scroller.scrollTo(0, scroller.scrollHeight));
    await expect.poll(() => rows().count()).toBe(100);
    await page.locator('.table-scroll').evaluate((scroller) => scroller.scrollTo(0, scroller.scrollHeight));
    await expect.poll(() => rows().count()).toBe(150);
  });

  it('searches the entries and draws the monthly chart', async () => {
    await page.getByLabel('Search entries').fill('bakery');
    await expect.poll(() => page.locator('.table-foot').textContent()).toContain('best matches');
    const texts = await rows().allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text).toContain('Corner Bakery');
    expect(await page.locator('[data-testid=monthly-chart] .recharts-bar-rectangle').count()).toBeGreaterThan(
      0,
    );
    await shoot('4-search');
  });
});

describe('the API docs page in Chromium', () => {
  it('renders the reference of the procedures at /docs from the server alone', async () => {
    const outside = (url: string) => /^(https?|wss?):/.test(url) && !url.startsWith(server.url);
    const reached: string[] = [];
    const blocked: string[] = [];
    const onFinished = (request: Request) => {
      if (outside(request.url())) reached.push(request.url());
    };
    const onFailed = (request: Request) => {
      if (outside(request.url())) blocked.push(request.failure()?.errorText ?? 'unknown');
    };
    page.on('requestfinished', onFinished);
    page.on('requestfailed', onFailed);
    await page.goto(`${server.url}/docs`);
    // Scalar lists each operation by its path, which names the procedure.
    const procedure = page.getByText('/trpc/auth.register').first();
    await procedure.waitFor({ timeout: 20_000 });
    await procedure.scrollIntoViewIfNeeded();
    // Painted where it stands, not covered by the loading skeleton.
    const onTop = await procedure.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
      return hit !== null && (element === hit || element.contains(hit) || hit.contains(element));
    });
    expect(onTop).toBe(true);
    await page.getByText('Creates a user and their encrypted ledger').first().waitFor();
    expect(await page.title()).toBe('Coffer API');
    page.off('requestfinished', onFinished);
    page.off('requestfailed', onFailed);
    // Scalar still asks its CDN for fonts; the page's Content-Security-Policy stops every such
    // request in the browser, so nothing leaves for another host.
    expect(reached).toEqual([]);
    expect(new Set(blocked)).toEqual(new Set(blocked.length > 0 ? ['csp'] : []));
    await shoot('5-api-docs');
  });
});
