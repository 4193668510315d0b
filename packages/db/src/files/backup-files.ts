import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqliteDatabase } from '@coffer/sqlite-worker';
import { NotFoundError } from '../errors.js';
import { createPrivateFile, makePrivateDir } from './private-files.js';

/** One stored backup of a user's ledger (encrypted with the user's password, like the ledger). */
export interface BackupInfo {
  /** Opaque id: creation time and a random suffix. */
  id: string;
  createdAt: number;
  sizeBytes: number;
}

const BACKUP_ID = /^(\d{13})-[0-9a-f]{8}$/;

/** Path of a backup by id; `NotFoundError` for anything that is not a backup id (no traversal). */
export function backupPath(dir: string, id: string): string {
  if (typeof id !== 'string' || !BACKUP_ID.test(id)) throw new NotFoundError('backup', String(id));
  return join(dir, `${id}.db`);
}

/** Backups in `dir`, newest first. */
export async function listBackupFiles(dir: string): Promise<BackupInfo[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const ids = names
    .map((name) => name.replace(/\.db$/, ''))
    .filter((id) => BACKUP_ID.test(id))
    .sort()
    .reverse();
  return Promise.all(
    ids.map(async (id) => ({
      id,
      createdAt: Number(BACKUP_ID.exec(id)?.[1]),
      sizeBytes: (await stat(join(dir, `${id}.db`))).size,
    })),
  );
}

/** Writes an online backup of `database` into `dir`, then keeps only the newest `keep`. */
export async function writeBackup(database: SqliteDatabase, dir: string, keep: number): Promise<BackupInfo> {
  await makePrivateDir(dir);
  // Ids sort by creation: never reuse or go below the newest existing timestamp.
  const newest = (await listBackupFiles(dir))[0]?.createdAt ?? 0;
  const id = `${String(Math.max(Date.now(), newest + 1)).padStart(13, '0')}-${randomBytes(4).toString('hex')}`;
  const path = backupPath(dir, id);
  await createPrivateFile(path);
  await database.backup(path);
  const all = await listBackupFiles(dir);
  for (const old of all.slice(keep)) await rm(backupPath(dir, old.id), { force: true });
  const info = all.find((b) => b.id === id);
  if (!info) throw new Error(`backup ${id} vanished while pruning`);
  return info;
}
