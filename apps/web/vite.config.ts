import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `pnpm dev` forwards API calls (HTTP and WebSocket): a Coffer server started with `pnpm start`. */
const apiTarget = process.env.COFFER_URL ?? 'http://127.0.0.1:4400';

/**
 * Builds the app into `dist/`, which the Coffer server serves at `/`. `@coffer/client` resolves to
 * its TypeScript source (`@coffer/source`) and browser entry, so building needs no other build.
 */
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@coffer/source', 'browser', 'module', 'development|production'] },
  // One script chunk (React, Recharts, TanStack Query, tRPC: ~770 kB, ~225 kB gzipped), served
  // `immutable` under its content hash, so a browser downloads it once per release.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/trpc': { target: apiTarget, ws: true } } },
});
