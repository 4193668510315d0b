import type { BatchRows } from '../../protocol/messages.js';

/** Flattens equal-length parameter sets into one array (see `BatchRows`); other shapes stay nested. */
export function packBatchRows(paramSets: readonly (readonly unknown[])[]): BatchRows {
  const width = paramSets[0]?.length ?? 0;
  if (width === 0) return { kind: 'nested', sets: paramSets };
  for (const set of paramSets) {
    if (set.length !== width) return { kind: 'nested', sets: paramSets };
  }
  const values: unknown[] = new Array(width * paramSets.length);
  let i = 0;
  for (const set of paramSets) {
    for (let k = 0; k < width; k++) values[i++] = set[k];
  }
  return { kind: 'flat', width, values };
}
