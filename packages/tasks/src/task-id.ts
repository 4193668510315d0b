import { randomUUID } from 'node:crypto';

/**
 * A random UUID for a new task. Copied into a flat string because Node builds `randomUUID()` by
 * concatenation, and each retained task would otherwise keep that ~450-byte rope alive.
 */
export function createTaskId(): string {
  return Buffer.from(randomUUID(), 'latin1').toString('latin1');
}
