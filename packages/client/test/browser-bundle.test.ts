import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Packages a browser bundle must not contain: Node-only transports and server code. */
export const forbiddenPackages = /node_modules\/(ws|eventsource|kysely|better-sqlite3[^/]*|@coffer\/(db|sqlite-worker|tasks|api))\//;

/** Bundles `import … from '@coffer/client'` for browsers; lists Node built-ins it tried to import. */
export async function bundleForBrowser(resolveDir: string, conditions: string[] = []) {
  const nodeImports: string[] = [];
  const builtins = new Set(builtinModules);
  const recordNodeImports: Plugin = {
    name: 'record-node-imports',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        if (args.path.startsWith('node:') || builtins.has(args.path.split('/')[0] ?? '')) {
          nodeImports.push(`${args.path} (from ${args.importer})`);
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
  const result = await build({
    stdin: {
      contents: "export { createCofferClient, isCofferError } from '@coffer/client';",
      resolveDir,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    conditions,
    metafile: true,
    logLevel: 'silent',
    plugins: [recordNodeImports],
  });
  const inputs = Object.keys((result.metafile as Metafile).inputs);
  return { inputs, nodeImports, bytes: result.outputFiles[0]?.contents.byteLength ?? 0 };
}

describe('@coffer/client in a browser bundle', () => {
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
