import { defineProject, mergeConfig } from 'vitest/config';
import { onSignalSqlcipher, sharedProjectConfig } from '../../vitest.shared.ts';

/** The same suite as `@coffer/db`, every database opened through `@signalapp/sqlcipher`. */
export default mergeConfig(sharedProjectConfig, defineProject(onSignalSqlcipher('@coffer/db')));
