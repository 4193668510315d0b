import type { z } from 'zod';

/**
 * Checks every value a subscription yields against its zod schema: tRPC's `.output()` parses a
 * procedure's return value, which for a subscription is the iterator itself, not its events.
 */
export async function* validated<S extends z.ZodType>(
  schema: S,
  source: AsyncIterable<z.input<S>>,
): AsyncGenerator<z.output<S>, void, undefined> {
  for await (const value of source) yield schema.parse(value);
}
