import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSqlitePool,
  type SqlitePool,
  type SqlitePoolOptions,
  SqliteWorkerDialect,
} from '../src/index.js';
import { useTempDirs } from './temp-dir.js';

interface DB {
  item: { id: number; name: string };
}

const tempDir = useTempDirs();
let pool: SqlitePool;
afterEach(async () => {
  await pool.close();
});

async function setup(options: SqlitePoolOptions): Promise<Kysely<DB>> {
  pool = createSqlitePool({ threads: 2, ...options });
  const database = await pool.open({
    path: join(tempDir(), 's.db'),
    encryption: { passphrase: 'pw' },
    readers: 2,
  });
  await database.exec('CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  await database.batch(
    'INSERT INTO item (id, name) VALUES (?, ?)',
    Array.from({ length: 200 }, (_, i) => [i + 1, `item-${i + 1}`]),
  );
  return new Kysely<DB>({ dialect: new SqliteWorkerDialect({ database }) });
}

const nameOf = async (db: Kysely<DB>, id: number) =>
  (await db.selectFrom('item').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name;

describe('stay-awake window', () => {
  it('answers sequential and concurrent queries correctly while windows open', async () => {
    const db = await setup({ stayAwakeUs: 500 });
    for (let id = 1; id <= 100; id++) expect(await nameOf(db, id)).toBe(`item-${id}`);
    const ids = Array.from({ length: 200 }, (_, i) => i + 1);
    const names = await Promise.all(ids.map((id) => nameOf(db, id)));
    expect(names).toEqual(ids.map((id) => `item-${id}`));
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('item').set({ name: 'renamed' }).where('id', '=', 1).execute();
      expect(await nameOf(trx, 1)).toBe('renamed');
    });
    expect(await nameOf(db, 1)).toBe('renamed');
    expect(pool.stats().stayAwake.windows).toBeGreaterThan(0);
  });

  it('opens no window with stayAwakeUs: 0', async () => {
    const db = await setup({ stayAwakeUs: 0 });
    for (let id = 1; id <= 50; id++) expect(await nameOf(db, id)).toBe(`item-${id}`);
    expect(pool.stats().stayAwake).toEqual({ windows: 0, hits: 0 });
  });

  it('rejects a bad window with a TypeError naming the option', () => {
    pool = createSqlitePool({ threads: 1 });
    expect(() => createSqlitePool({ stayAwakeUs: -5 })).toThrow(
      new TypeError('options.stayAwakeUs must be a number from 0 to 1000000'),
    );
    expect(() => createSqlitePool({ stayAwakeMaxBackoffMs: 0.5 })).toThrow(/options\.stayAwakeMaxBackoffMs/);
  });

  it('leaves nothing keeping the process alive after close(), even with long windows', async () => {
    const script = fileURLToPath(new URL('./stay-awake-exit-script.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@coffer/source', script, tempDir()],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    // A process kept alive by polling would never exit: kill it rather than leave it spinning.
    const deadline = setTimeout(() => child.kill('SIGKILL'), 25_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(deadline);
    pool = createSqlitePool({ threads: 1 });
    expect(code).toBe(0);
    const report = JSON.parse(stdout.trim()) as { values: string[]; windows: number; pending: string[] };
    expect(report.values).toEqual(Array.from({ length: 50 }, (_, i) => `v${i + 1}`));
    expect(report.windows).toBeGreaterThan(0);
    expect(report.pending).toEqual([]);
  });
});
