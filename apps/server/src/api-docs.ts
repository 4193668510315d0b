import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createOpenApiDocument } from '@coffer/api';

/** Options of {@link createApiDocsHandler}. */
export interface ApiDocsHandlerOptions {
  /** The server's version, shown in the document. */
  readonly version: string;
  /** Path prefix tRPC is served under. @default '/trpc' */
  readonly basePath?: string;
}

/** Answers a request if it is one of the docs routes; returns false (untouched) otherwise. */
export type ApiDocsHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Where the docs live: the OpenAPI document, the reference page and its one script. */
export const API_DOCS_ROUTES = {
  document: '/openapi.json',
  page: '/docs',
  script: '/docs/standalone.js',
} as const;

// Scalar's API reference as one self-contained browser bundle (scripts, styles, icons inlined).
const scalarBundle = join(
  dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')),
  'browser',
  'standalone.js',
);

// Default fonts come from Scalar's CDN and telemetry goes to Scalar: both off. Scalar still asks
// its CDN for two fonts, so the page also carries a Content-Security-Policy that lets it load
// nothing but this server's own files.
const BOOT_SCRIPT = `
Scalar.createApiReference('#api-reference', {
  url: '${API_DOCS_ROUTES.document}',
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Coffer API</title>
</head>
<body>
<div id="api-reference"></div>
<script src="${API_DOCS_ROUTES.script}"></script>
<script>${BOOT_SCRIPT}</script>
</body>
</html>
`;

/** The page's policy: its own origin only; the one inline script by hash; Scalar's inline styles. */
export const API_DOCS_CSP = [
  "default-src 'self'",
  `script-src 'self' 'sha256-${createHash('sha256').update(BOOT_SCRIPT).digest('base64')}'`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves `GET /openapi.json` (the router's OpenAPI 3.1 document, built once), `GET /docs` (Scalar's
 * API reference over it) and the reference's script from `node_modules`, so the page works offline.
 */
export function createApiDocsHandler(options: ApiDocsHandlerOptions): ApiDocsHandler {
  const json = JSON.stringify(createOpenApiDocument(options));
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = (req.url ?? '').split('?', 1)[0];
    if (path === API_DOCS_ROUTES.document) {
      send(req, res, 'application/json; charset=utf-8', json);
    } else if (path === API_DOCS_ROUTES.page || path === `${API_DOCS_ROUTES.page}/`) {
      send(req, res, 'text/html; charset=utf-8', PAGE, { 'content-security-policy': API_DOCS_CSP });
    } else if (path === API_DOCS_ROUTES.script) {
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'max-age=3600',
      });
      if (req.method === 'HEAD') res.end();
      else
        createReadStream(scalarBundle)
          .on('error', () => res.destroy())
          .pipe(res);
    } else {
      return false;
    }
    return true;
  };
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(200, { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body);
}
