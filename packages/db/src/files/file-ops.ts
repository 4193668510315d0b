import { access, rename, rm } from 'node:fs/promises';

/** True when `path` exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Removes a database file and its WAL/SHM side files. */
export async function removeDatabaseFiles(path: string): Promise<void> {
  await Promise.all(
    ['', '-wal', '-shm', '-journal'].map((suffix) => rm(`${path}${suffix}`, { force: true })),
  );
}

/**
 * Puts a (closed) copy back in place of a (closed) database: side files first, so a stale WAL is
 * never replayed onto the copy, then an atomic rename over the main file.
 */
export async function restoreDatabaseFile(copy: string, path: string): Promise<void> {
  await Promise.all(['-wal', '-shm', '-journal'].map((suffix) => rm(`${path}${suffix}`, { force: true })));
  await rename(copy, path);
}
