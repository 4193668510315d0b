import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const apiDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(apiDir, '..', '..');
const tsc = join(apiDir, 'node_modules', '.bin', 'tsc');

const fixture = `import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './api/packages/api/src/router.js';
type Out = inferRouterOutputs<AppRouter>;
type In = inferRouterInputs<AppRouter>;
export const amount: Out['entries']['get']['amount'] = 1;
export const input: In['entries']['create'] = { accountId: 1, date: '2025-01-01', amount: 1 };
// @ts-expect-error amounts are numbers
export const wrong: Out['entries']['get']['amount'] = 'one';
`;

describe('AppRouter seen by a frontend', () => {
  it('typechecks from its declarations without loading @coffer/db, Kysely or the SQLite executor', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'coffer-router-type-'));
    try {
      // The declarations tsc emits for the package, as a published build would ship them.
      await run(tsc, [
        '-p',
        join(apiDir, 'tsconfig.json'),
        '--noEmit',
        'false',
        '--declaration',
        '--emitDeclarationOnly',
        '--rootDir',
        repoRoot,
        '--outDir',
        join(dir, 'api'),
      ]).catch((error: { stdout?: string }) => {
        // Declarations are written even when tsc reports errors; a missing router.d.ts fails below.
        return error;
      });
      // The frontend resolves packages from the api's node_modules, where @coffer/db *is* available:
      // the point is that nothing asks for it.
      await symlink(join(apiDir, 'node_modules'), join(dir, 'node_modules'));
      await writeFile(join(dir, 'client.ts'), fixture);
      await writeFile(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            noEmit: true,
            types: [],
            skipLibCheck: true,
          },
          files: ['client.ts'],
        }),
      );
      const { stdout } = await run(tsc, ['-p', join(dir, 'tsconfig.json'), '--listFiles']);
      const files = stdout.split('\n').filter(Boolean);
      expect(files.some((f) => f.endsWith('router.d.ts'))).toBe(true);
      expect(
        files.filter((f) => /kysely|sqlite-worker|[\\/]db[\\/]|@coffer[\\/]db|better-sqlite3/.test(f)),
      ).toEqual([]);
      // Of the api's own declarations, only the router, the root context (with the import-free
      // SubscriberConnection interface it names) and ClockTick are loaded.
      const own = files
        .filter((f) => f.startsWith(join(dir, 'api')))
        .map((f) => f.slice(join(dir, 'api', 'packages', 'api', 'src').length + 1));
      expect(own.sort()).toEqual([
        'live/subscriber-connection.d.ts',
        'request-context.d.ts',
        'router.d.ts',
        'routers/system.d.ts',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
