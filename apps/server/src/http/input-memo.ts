import type { AnyTRPCRouter } from '@trpc/server';
import { TRPCError } from '@trpc/server';

type InputTransformer = AnyTRPCRouter['_def']['_config']['transformer'];

/**
 * The inputs of a request's calls, parsed once on first read, as tRPC's JSON content handler does:
 * no input text means every call's input is `undefined`; a batch's input must be an object keyed
 * by call index; a parse failure is one `BAD_REQUEST` shared by every call that reads its input (a
 * procedure without an input parser never reads it, and so never fails on it).
 */
export class InputMemo {
  readonly #text: string | null;
  readonly #isBatchCall: boolean;
  readonly #calls: number;
  readonly #transformer: InputTransformer;
  #inputs: Record<number, unknown> | undefined;
  #error: TRPCError | undefined;

  /** Nothing is parsed until a call reads its input. */
  constructor(text: string | null, isBatchCall: boolean, calls: number, transformer: InputTransformer) {
    this.#text = text;
    this.#isBatchCall = isBatchCall;
    this.#calls = calls;
    this.#transformer = transformer;
  }

  /** The input of call `index`, parsing the request's inputs first if no call has yet. */
  async read(index: number): Promise<unknown> {
    if (this.#error) throw this.#error;
    if (!this.#inputs) {
      try {
        this.#inputs = this.#parse();
      } catch (cause) {
        this.#error =
          cause instanceof TRPCError
            ? cause
            : new TRPCError({
                code: 'BAD_REQUEST',
                message: cause instanceof Error ? cause.message : 'Invalid input',
                cause,
              });
        throw this.#error;
      }
    }
    return this.#inputs[index];
  }

  /** The input of call `index` if the inputs were parsed already (for `onError` and error shapes). */
  result(index: number): unknown {
    return this.#inputs?.[index];
  }

  #parse(): Record<number, unknown> {
    const inputs: Record<number, unknown> = Object.create(null);
    const text = this.#text;
    if (!text) return inputs;
    const parsed: unknown = JSON.parse(text);
    if (!this.#isBatchCall) {
      inputs[0] = this.#transformer.input.deserialize(parsed);
      return inputs;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: '"input" needs to be an object when doing a batch call',
      });
    }
    const byIndex = parsed as Record<number, unknown>;
    for (let index = 0; index < this.#calls; index += 1) {
      const input = byIndex[index];
      if (input !== undefined) inputs[index] = this.#transformer.input.deserialize(input);
    }
    return inputs;
  }
}
