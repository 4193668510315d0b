import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** The web app's package directory. */
export const WEB_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where `vite build` writes the app (the directory the server serves by default). */
export const WEB_DIST = join(WEB_ROOT, 'dist');

/** What the build reads: the app's own files and `@coffer/client`'s source (bundled from source). */
const INPUTS = [
  join(WEB_ROOT, 'src'),
  join(WEB_ROOT, 'public'),
  join(WEB_ROOT, 'index.html'),
  join(WEB_ROOT, 'vite.config.ts'),
  join(WEB_ROOT, 'package.json'),
  join(WEB_ROOT, '..', '..', 'packages', 'client', 'src'),
];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, name)));
  return newest;
}

/** Whether `dist/` is missing or older than one of the build's inputs. */
export function isWebBuildStale(): boolean {
  const built = join(WEB_DIST, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return INPUTS.some((input) => newestChange(input) > builtAt);
}

/** Runs `vite build` for the app with its own config. */
export async function buildWebApp(): Promise<void> {
  await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
