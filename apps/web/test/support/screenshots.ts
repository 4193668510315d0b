import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { WEB_ROOT } from './web-build.ts';

/** Where the browser suite leaves its screenshots (git-ignored). */
export const TEST_OUTPUT = join(WEB_ROOT, 'test-output');

/** Saves the visible page as `test-output/<name>.png` and answers its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(TEST_OUTPUT, { recursive: true });
  const path = join(TEST_OUTPUT, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}
