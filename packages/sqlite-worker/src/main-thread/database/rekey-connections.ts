import type { EncryptionKey } from '../../types.js';
import type { ConnectionHandle } from '../pool/connection-handle.js';
import type { CancellableReader } from './cancellable-reader.js';
import { keyPragma } from './key-material.js';
import type { ReaderLeases } from './reader-leases.js';

/**
 * Changes a database's key. The caller holds the writer gate. Readers are leased (streams finish
 * first), drained and closed, because their codec still has the old key; the writer rekeys (the
 * worker leaves WAL for it: SQLite3MC cannot rekey in WAL mode); the readers reopen with the new
 * key — or with the old one if the rekey failed, so the database keeps serving either way. The
 * cancellable reader is closed the same way and reopens, with whichever key is current, on its next read.
 */
export async function rekeyConnections(options: {
  path: string;
  writer: ConnectionHandle;
  leases: ReaderLeases;
  cancellable: CancellableReader;
  encryption: EncryptionKey;
}): Promise<void> {
  const { path, writer, leases, cancellable, encryption } = options;
  const leased: ConnectionHandle[] = [];
  const suspended = cancellable.suspend();
  try {
    await suspended;
    for (let i = 0; i < leases.readers.length; i++) {
      const reader = await leases.lease();
      if (reader !== null) leased.push(reader);
    }
    await leases.drained(leased);
    const key = await keyPragma(path, encryption, true);
    await Promise.all(leased.map((r) => r.thread.send({ op: 'close', conn: r.id, optimize: false }, r)));
    try {
      await writer.thread.send({ op: 'rekey', conn: writer.id, key }, writer);
      // In place: the threads keep these spec objects to reopen connections after a respawn.
      for (const handle of [writer, ...leased]) handle.spec.key = key;
    } finally {
      await Promise.all(leased.map((r) => r.thread.send({ op: 'open', conn: r.id, spec: r.spec }, r)));
    }
  } finally {
    cancellable.resume();
    for (const reader of leased) leases.release(reader);
  }
}
