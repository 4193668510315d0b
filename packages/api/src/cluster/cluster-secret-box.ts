import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM under a key derived (HKDF-SHA-256) from the cluster secret: what a job row holds
 * (the import's input, its result) is unreadable without the secret, which never enters the
 * database. `context` (the task id) is bound as associated data, so a sealed value cannot be moved
 * to another task.
 */
export interface ClusterSecretBox {
  /** `base64url(nonce ‖ tag ‖ ciphertext)` of `plaintext`. */
  seal(plaintext: string, context: string): string;
  /** The plaintext of `sealed`; throws if the secret, the context or the bytes do not match. */
  open(sealed: string, context: string): string;
}

/** Shortest accepted cluster secret, in characters. */
export const MIN_CLUSTER_SECRET_LENGTH = 32;

/** Creates the {@link ClusterSecretBox} of `secret` (at least 32 characters, e.g. 32 random bytes in base64). */
export function createClusterSecretBox(secret: string): ClusterSecretBox {
  if (typeof secret !== 'string' || secret.length < MIN_CLUSTER_SECRET_LENGTH) {
    throw new TypeError(
      `options.clusterSecret must be a string of at least ${MIN_CLUSTER_SECRET_LENGTH} characters`,
    );
  }
  const key = Buffer.from(hkdfSync('sha256', secret, 'coffer-cluster', 'coffer task payload v1', 32));
  return {
    seal(plaintext, context) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed, context) {
      const bytes = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
