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

// Default fonts come from Scalar's CDN and telemetry goes to Scalar: both off, so the page loads
// nothing but this server's own files.
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
<script>
Scalar.createApiReference('#api-reference', {
  url: '${API_DOCS_ROUTES.document}',
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
});
</script>
</body>
</html>
`;

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
      send(req, res, 'text/html; charset=utf-8', PAGE);
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

function send(req: IncomingMessage, res: ServerResponse, contentType: string, body: string): void {
  res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body);
}
