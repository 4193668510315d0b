import type { BenchAnswer, BenchReady, BenchRequest } from './ipc-protocol.js';

/**
 * In a benchmark server's child process: tells the parent (`startServerProcess`) it listens, then
 * answers each of its requests with `answer`, turning a rejection into an answer that carries the error.
 */
export function answerParent(
  ready: BenchReady,
  answer: (request: BenchRequest) => Promise<BenchAnswer>,
): void {
  process.send?.(ready);
  process.on('message', (request: BenchRequest) => {
    void answer(request).then(
      (reply) => process.send?.(reply),
      (error: unknown) => process.send?.({ id: request.id, error: String(error) } satisfies BenchAnswer),
    );
  });
}
