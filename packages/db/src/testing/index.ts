/** Test helpers of `@coffer/db` (not part of the runtime API). */

export { createTestDatabase, postgresAnswers, type TestDatabase, testPostgresUrl } from './test-database.js';
