import type { ChangeEntry } from '../../src/index.js';

/** Pulls up to `count` changes from an iterator (fewer if it ends first). */
export async function take(iterator: AsyncIterator<ChangeEntry>, count: number): Promise<ChangeEntry[]> {
  const taken: ChangeEntry[] = [];
  while (taken.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    taken.push(next.value);
  }
  return taken;
}
