export { createTestDatabase, postgresAnswers } from '@coffer/db/testing';

/** A cluster secret for tests (any 32+ characters; production uses 32 random bytes). */
export const testClusterSecret = 'test-cluster-secret-0123456789abcdef';
