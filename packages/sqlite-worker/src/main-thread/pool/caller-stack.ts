/**
 * Rejects a call's promise with `error` after appending the stack of the code awaiting it.
 *
 * An error built when a worker's answer arrives has only the message handler on its stack
 * (`MessagePort.<anonymous>`). Kysely's Postgres and MySQL drivers append the caller's stack for
 * that reason, from a `new Error()` made after their `await`. Here the same is done lazily, only on
 * failure: `appendCallerStack` runs as a promise reaction chained into the caller's promise, so V8's
 * async stack trace of the `new Error()` it makes walks that chain up to the awaiting async
 * functions. A successful call pays nothing.
 *
 * @param resolve the caller's promise's resolve function: never called, but V8 follows the chain
 *   to the caller's promise through it (a reaction whose fulfil handler is a promise's resolve)
 * @param reject the caller's promise's reject function
 */
export function rejectWithCallerStack(
  resolve: (value: never) => void,
  reject: (error: Error) => void,
  error: Error,
): void {
  Promise.reject(error).then(undefined, appendCallerStack).then(resolve, reject);
}

function appendCallerStack(error: Error): never {
  const site = new Error().stack;
  if (site !== undefined && typeof error.stack === 'string') {
    // Drop `Error` and this function's own frame; keep the async frames of the awaiting callers.
    const frames = site.split('\n').slice(2);
    if (frames.length > 0) error.stack += `\n${frames.join('\n')}`;
  }
  throw error;
}
