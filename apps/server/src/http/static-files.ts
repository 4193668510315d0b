import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';

/** Answers a request for one of the web app's files; returns false (untouched) otherwise. */
export type StaticFilesHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Options of {@link createStaticFiles}. */
export interface StaticFilesOptions {
  /** The built web app: a directory with `index.html` (Vite's `dist/`). */
  readonly root: string;
}

/** Vite names every file under `assets/` after a hash of its content: it can be cached for good. */
const ASSETS_PREFIX = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (`index.html` above all) is revalidated with its ETag on every load. */
const REVALIDATE = 'no-cache';

/**
 * Serves a built single-page app from `root` for `GET`/`HEAD`: its files with ETags (`304` on a
 * match), hashed `assets/` cached for a year, `index.html` for any other path without a file
 * extension (the app's own routes), `false` for the rest (a missing `.js` is a 404, not HTML).
 *
 * The file list is read once, at creation: only files that were under `root` then are ever served,
 * so no request path (`..`, encoded or not) reaches outside it, and dotfiles are never listed.
 * Returns null when `root` has no `index.html` (the app is not built).
 */
export function createStaticFiles(options: StaticFilesOptions): StaticFilesHandler | null {
  if (!existsSync(join(options.root, 'index.html'))) return null;
  const serve = sirv(options.root, {
    etag: true,
    single: true,
    dotfiles: false,
    setHeaders: (res, pathname) => {
      res.setHeader('cache-control', pathname.startsWith(ASSETS_PREFIX) ? IMMUTABLE : REVALIDATE);
      res.setHeader('x-content-type-options', 'nosniff');
    },
  });
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let matched = true;
    // sirv either answers at once (headers written, file piped) or calls `next` synchronously.
    serve(req, res, () => {
      matched = false;
    });
    return matched;
  };
}
