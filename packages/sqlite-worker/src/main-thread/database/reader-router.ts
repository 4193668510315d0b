import { performance } from 'node:perf_hooks';
import type { ConnectionHandle } from '../pool/connection-handle.js';

/** A reader whose current call has run this long is treated as stuck behind a long read. */
const STUCK_AFTER_MS = 2;

/**
 * Picks the reader for the next read: the least loaded one, avoiding readers busy with a long
 * call (their queue would wait behind it) unless every reader is. Returns null if all are leased.
 */
export function pickReader(readers: readonly ConnectionHandle[]): ConnectionHandle | null {
  let best: ConnectionHandle | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  let now = -1;
  for (const reader of readers) {
    if (reader.leased) continue;
    if (reader.inFlight === 0) return reader;
    if (now < 0) now = performance.now();
    const score = reader.inFlight + (isStuck(reader, now) ? 1_000_000 : 0);
    if (score < bestScore) {
      best = reader;
      bestScore = score;
    }
  }
  return best;
}

/** Whether the call now running on `handle` has run long enough to count as a long read. */
export function isStuck(handle: ConnectionHandle, now = performance.now()): boolean {
  return handle.inFlight > 0 && now - handle.busySince > STUCK_AFTER_MS;
}

/** Whether a statement is a read that can go to a reader (the worker double-checks with `stmt.readonly`). */
export function looksLikeRead(sql: string): boolean {
  let i = 0;
  while (i < sql.length && sql.charCodeAt(i) <= 32) i++;
  // Allocation-free, case-insensitive prefix test: SELECT, WITH, VALUES (| 32 lower-cases ASCII letters).
  const c = sql.charCodeAt(i) | 32;
  if (c === 115) return startsWithWord(sql, i, 'select');
  if (c === 119) return startsWithWord(sql, i, 'with');
  if (c === 118) return startsWithWord(sql, i, 'values');
  return false;
}

function startsWithWord(sql: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    if ((sql.charCodeAt(at + k) | 32) !== word.charCodeAt(k)) return false;
  }
  const next = sql.charCodeAt(at + word.length);
  const lower = next | 32;
  const identifierChar = (next >= 48 && next <= 57) || (lower >= 97 && lower <= 122) || next === 95;
  return !identifierChar;
}
