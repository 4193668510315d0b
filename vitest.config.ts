import { defineConfig } from 'vitest/config';

/** One run over every package and app; each keeps its own `vitest.config.ts` as a project. */
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/report.json' },
    typecheck: { enabled: false },
  },
});
