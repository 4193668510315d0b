import { builtinModules } from 'node:module';
import { build, type Plugin } from 'esbuild';

/** Packages a browser bundle must not contain: Node-only transports and server code. */
export const forbiddenPackages =
  /node_modules\/(ws|eventsource|kysely|better-sqlite3[^/]*|@coffer\/(db|sqlite-worker|tasks|api))\//;

/**
 * Bundles `import … from '@coffer/client'` (resolved from `resolveDir`) for browsers with esbuild;
 * returns the bundle's input files and every Node built-in it tried to import.
 */
export async function bundleForBrowser(resolveDir: string, conditions: string[] = []) {
  const nodeImports: string[] = [];
  const builtins = new Set(builtinModules);
  const recordNodeImports: Plugin = {
    name: 'record-node-imports',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        if (args.path.startsWith('node:') || builtins.has(args.path.split('/')[0] ?? '')) {
          nodeImports.push(`${args.path} (from ${args.importer})`);
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
  const result = await build({
    stdin: {
      contents: "export { createCofferClient, isCofferError } from '@coffer/client';",
      resolveDir,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    conditions,
    metafile: true,
    logLevel: 'silent',
    plugins: [recordNodeImports],
  });
  return { inputs: Object.keys(result.metafile.inputs), nodeImports };
}
