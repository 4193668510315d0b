import { assertChromium } from './chromium.ts';
import { buildWebApp, isWebBuildStale } from './web-build.ts';

/** Before the browser suite: Chromium is there, and `dist/` is built from the current sources. */
export async function setup(): Promise<void> {
  assertChromium();
  if (isWebBuildStale()) await buildWebApp();
}
