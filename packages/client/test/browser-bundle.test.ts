import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleForBrowser, forbiddenPackages } from './helpers/bundle-for-browser.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('@coffer/client source in a browser bundle', () => {
  it('pulls in no ws, no eventsource, no server package and no Node built-in', async () => {
    const consumer = mkdtempSync(join(tmpdir(), 'coffer-browser-bundle-'));
    dirs.push(consumer);
    mkdirSync(join(consumer, 'node_modules', '@coffer'), { recursive: true });
    symlinkSync(packageDir, join(consumer, 'node_modules', '@coffer', 'client'), 'dir');

    const { inputs, nodeImports } = await bundleForBrowser(consumer, ['@coffer/source']);

    expect(inputs.some((input) => input.endsWith('src/index.browser.ts'))).toBe(true);
    expect(inputs.some((input) => input.includes('@trpc/client'))).toBe(true);
    expect(inputs.filter((input) => forbiddenPackages.test(input))).toEqual([]);
    expect(nodeImports).toEqual([]);
  }, 60_000);
});
