import { randomBytes } from 'node:crypto';
import { runDriverContract } from './driver-contract.case.js';

const driver = 'better-sqlite3-multiple-ciphers';

runDriverContract({
  name: 'multiple-ciphers, passphrase',
  driver,
  encryption: { passphrase: 'contract pw' },
});
runDriverContract({ name: 'multiple-ciphers, raw key', driver, encryption: { rawKey: randomBytes(32) } });
runDriverContract({ name: 'multiple-ciphers, plaintext', driver, encryption: undefined });
