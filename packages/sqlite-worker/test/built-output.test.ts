import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from './temp-dir.js';

const run = promisify(execFile);
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const tempDir = useTempDirs();
let outDir: string;

// Built inside the package's node_modules so the output resolves kysely and the driver like dist/ does.
beforeAll(async () => {
  const cache = join(packageDir, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  outDir = mkdtempSync(join(cache, 'built-output-'));
  const tsc = join(packageDir, '..', '..', 'node_modules', '.bin', 'tsc');
  await run(tsc, ['-p', join(packageDir, 'tsconfig.build.json'), '--outDir', outDir], { cwd: packageDir });
});
afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

describe('built output', () => {
  it('runs an encrypted query from compiled JavaScript with plain node (no tsx)', async () => {
    const entry = pathToFileURL(join(outDir, 'index.js')).href;
    const script = `
      import { createSqlitePool } from ${JSON.stringify(entry)};
      const pool = createSqlitePool({ threads: 1 });
      const db = await pool.open({ path: ${JSON.stringify(join(tempDir(), 'built.db'))}, encryption: { passphrase: 'pw' } });
      await db.exec('CREATE TABLE t (v TEXT); INSERT INTO t VALUES (\\'from dist\\')');
      const { rows } = await db.query('SELECT v FROM t');
      await pool.close();
      process.stdout.write(JSON.stringify(rows));
    `;
    const scriptPath = join(tempDir(), 'run.mjs');
    writeFileSync(scriptPath, script);
    const { stdout } = await run(process.execPath, [scriptPath], { cwd: packageDir });
    expect(JSON.parse(stdout)).toEqual([{ v: 'from dist' }]);
  });
});
