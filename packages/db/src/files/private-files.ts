import { chmod, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Mode of every directory the store creates: owner only. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of every database file the store creates (SQLite gives its -wal/-shm/-journal the same). */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates an empty owner-only file at `path` (replacing what was there) for SQLite to write a
 * database into. SQLite's own default is 0644, and it copies a database file's mode onto its
 * -wal, -shm and -journal files, so pre-creating the file keeps all of them private.
 */
export async function createPrivateFile(path: string): Promise<void> {
  await rm(path, { force: true });
  await writeFile(path, '', { mode: PRIVATE_FILE_MODE, flag: 'wx' });
}

/** Creates `path` (and parents) as owner-only directories; an existing one is left as is. */
export async function makePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Removes group and other permissions from `root` and everything below it (the owner's bits are
 * kept) and returns the paths it had to change, so the caller can log them.
 */
export async function tightenTree(root: string): Promise<string[]> {
  const changed: string[] = [];
  const visit = async (path: string, isDir: boolean) => {
    const { mode } = await stat(path);
    if ((mode & 0o077) !== 0) {
      await chmod(path, mode & 0o700);
      changed.push(path);
    }
    if (!isDir) return;
    for (const entry of await readdir(path, { withFileTypes: true })) {
      if (entry.isDirectory() || entry.isFile()) await visit(join(path, entry.name), entry.isDirectory());
    }
  };
  await visit(root, true);
  return changed;
}

/**
 * Creates the data directory owner-only, or tightens an existing one (and everything in it) and
 * reports the paths it changed through `onWarning`.
 */
export async function preparePrivateDataDir(
  root: string,
  usersDir: string,
  onWarning: (message: string) => void,
): Promise<void> {
  await makePrivateDir(usersDir);
  const loosened = await tightenTree(root);
  if (loosened.length > 0) {
    const listed = loosened.slice(0, 10).join(', ');
    onWarning(
      `tightened ${loosened.length} path(s) in the data directory to owner-only permissions: ${listed}`,
    );
  }
}
