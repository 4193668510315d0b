import { randomBytes } from 'node:crypto';
import { runDriverContract } from './driver-contract.case.js';

const driver = '@signalapp/sqlcipher';

runDriverContract({
  name: 'signal sqlcipher, passphrase',
  driver,
  encryption: { passphrase: 'contract pw' },
});
runDriverContract({ name: 'signal sqlcipher, raw key', driver, encryption: { rawKey: randomBytes(32) } });
runDriverContract({ name: 'signal sqlcipher, plaintext', driver, encryption: undefined });
