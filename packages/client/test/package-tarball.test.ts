import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser, forbiddenPackages } from './helpers/bundle-for-browser.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(import.meta.url);
/** The workspace's TypeScript, and the older one api-extractor brings (what many consumers still run). */
const compilers = {
  workspace: tscOf(require),
  'api-extractor’s': tscOf(createRequire(require.resolve('@microsoft/api-extractor/package.json'))),
};
const tsc = compilers.workspace.bin;
const work = mkdtempSync(join(tmpdir(), 'coffer-client-tarball-'));
const consumer = join(work, 'consumer');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/*
 * What a consumer outside this monorepo gets: `pnpm pack` (whose prepack builds with turbo, cached
 * after `pnpm build`), then `npm install` of the tarball into a fresh project that has no Coffer
 * package but the client. Dependencies come from npm's cache when they are there.
 */
beforeAll(async () => {
  await run('pnpm', ['--filter', '@coffer/client', 'pack', '--pack-destination', work], { cwd: root });
  const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error('pnpm pack wrote no tarball');
  const files = {
    'package.json': JSON.stringify({
      name: 'consumer',
      private: true,
      type: 'module',
      dependencies: { '@coffer/client': `file:${join(work, tarball)}` },
    }),
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023', 'DOM', 'ESNext.Disposable'], // tRPC 11's own types use Disposable
        types: [],
        noEmit: true,
        skipLibCheck: false,
      },
      include: ['app.ts'],
    }),
    'app.ts': consumerProgram,
  };
  mkdirSync(consumer);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(consumer, name), text);
  await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps'],
    { cwd: consumer },
  );
}, 240_000);

const consumerProgram = `
import { createCofferClient, isCofferError, type RouterInputs, type RouterOutputs } from '@coffer/client';

const client = createCofferClient({ url: 'http://127.0.0.1:4400', transport: 'auto', maxBatchItems: 50 });
const health: RouterOutputs['system']['health'] = await client.trpc.system.health.query();
const ok: 'ok' = health.status;
const input: RouterInputs['system']['clock'] = { intervalMs: 1000 };
const sub = client.trpc.system.clock.subscribe(input, {
  onData: ({ id, data }) => console.log(id.length, data.seq.toFixed(0), data.now.length),
});
// @ts-expect-error — intervalMs must be a number
client.trpc.system.clock.subscribe({ intervalMs: 'fast' }, {});
const stop = client.connection.subscribe(({ state, transport }) => console.log(state, transport));
try {
  await client.trpc.system.version.query();
} catch (error) {
  if (isCofferError(error, 'BAD_REQUEST')) console.log(error.data.zodError?.fieldErrors, error.data.cofferCode);
}
client.setToken('t');
sub.unsubscribe();
stop();
await client.close();
console.log(ok);
`;

function tscOf(resolver: NodeJS.Require): { bin: string; version: string } {
  const manifest = resolver.resolve('typescript/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { bin: join(dirname(manifest), 'bin', 'tsc'), version };
}

const installed = () => join(consumer, 'node_modules', '@coffer', 'client');

describe('the @coffer/client tarball', () => {
  it('holds ESM and one self-contained .d.ts that names no server package', () => {
    const manifest = JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8')) as {
      exports: Record<string, Record<string, string>>;
      dependencies: Record<string, string>;
    };
    expect(manifest.exports['.']).toEqual({
      types: './dist/index.d.ts',
      browser: './dist/index.browser.js',
      default: './dist/index.js',
    });
    expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith('@coffer/'))).toEqual([]);
    const types = readFileSync(join(installed(), 'dist', 'index.d.ts'), 'utf8');
    const imported = [...types.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((match) => match[1]);
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((specifier) => !specifier?.startsWith('@trpc/'))).toEqual([]);
    expect(types).not.toMatch(/kysely|sqlite|@coffer\/|node:/i);
    expect(readdirSync(join(installed(), 'dist')).filter((file) => file.endsWith('.d.ts'))).toEqual([
      'index.d.ts',
    ]);
  });

  it.each(Object.entries(compilers))(
    'typechecks a consumer program with the %s TypeScript, where a wrong input is a compile error',
    async (_, compiler) => {
      const result = await run(process.execPath, [compiler.bin, '-p', consumer]).then(
        () => '',
        (error: { stdout: string }) => error.stdout,
      );
      expect(result).toBe('');
      expect(compiler.version).toMatch(/^\d+\./);
    },
  );

  it('fails the typecheck of the consumer when the @ts-expect-error line is made valid', async () => {
    writeFileSync(
      join(consumer, 'app.ts'),
      consumerProgram.replace("{ intervalMs: 'fast' }", '{ intervalMs: 10 }'),
    );
    const failed = await run(process.execPath, [tsc, '-p', consumer]).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    );
    writeFileSync(join(consumer, 'app.ts'), consumerProgram);
    expect(failed).toMatch(/TS2578/); // unused '@ts-expect-error'
  });

  it('runs in Node from the tarball: create, close, exit', async () => {
    const script =
      "import('@coffer/client').then(async (m) => { const c = m.createCofferClient({ url: 'http://127.0.0.1:1' }); await c.close(); console.log(c.connection.current.state); })";
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer });
    expect(stdout.trim()).toBe('closed');
  });

  it('bundles for browsers with no ws, eventsource, server package or Node built-in', async () => {
    const { inputs, nodeImports } = await bundleForBrowser(consumer);
    expect(inputs.some((input) => input.endsWith('@coffer/client/dist/index.browser.js'))).toBe(true);
    expect(inputs.filter((input) => forbiddenPackages.test(input))).toEqual([]);
    expect(nodeImports).toEqual([]);
  });
});
