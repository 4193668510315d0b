/** Test helpers of `@coffer/sqlite-worker` (not part of the runtime API). */

export { crashWriterThread } from './crash-writer-thread.js';
export { DRIVER_UNDER_TEST_ENV, driverUnderTest } from './driver-under-test.js';
export { type UnlinkedFile, type UnlinkedFileWatcher, watchUnlinkedFiles } from './unlinked-file-watcher.js';
