import { createRequire } from 'node:module';

/** This server's version, from its package.json (works from `src/` and from `dist/`). */
export const serverVersion: string = (
  createRequire(import.meta.url)('../package.json') as { version: string }
).version;
