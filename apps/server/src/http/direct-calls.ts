import type { IncomingMessage } from 'node:http';
import {
  type AnyTRPCRouter,
  callTRPCProcedure,
  getErrorShape,
  getTRPCErrorFromUnknown,
  type inferRouterContext,
  TRPCError,
} from '@trpc/server';
import { getHTTPStatusCode, type TRPCRequestInfo } from '@trpc/server/http';
import type { TRPCResponse } from '@trpc/server/rpc';
import type { LeanHttpHooks } from './http-hooks.js';
import { InputMemo } from './input-memo.js';
import { type PlainAnswer, toPlainAnswer } from './plain-answer.js';
import type { RequestLike } from './request-like.js';

/**
 * What {@link DirectCalls.plan} found a request to be: plain JSON calls of queries (GET) or
 * mutations (POST), one or a batch, answered in one piece.
 */
export interface DirectCallPlan {
  readonly type: 'query' | 'mutation';
  readonly isBatchCall: boolean;
  readonly paths: readonly string[];
  /** The raw `input` query parameter (GET) or body (POST); `null` or `''` when absent. */
  readonly inputText: string | null;
}

/** Options of {@link createDirectCalls}. */
export interface DirectCallsOptions<TRouter extends AnyTRPCRouter> extends LeanHttpHooks<TRouter> {
  readonly router: TRouter;
  /** Most procedures in one batch; a bigger batch is left to `resolveResponse` (which refuses it). */
  readonly maxBatchSize: number;
}

/** One request's view for {@link DirectCalls.run}. */
export interface DirectCallRequest {
  readonly req: IncomingMessage;
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal;
  /** The request as `onError` sees it, built only when a call fails. */
  readonly requestLike: () => RequestLike;
}

/**
 * The common case of tRPC over HTTP answered without `resolveResponse`'s per-request `Request`,
 * `Headers`, `AbortSignal.any` and `Response` objects: `plan` picks the requests it can answer
 * exactly as `resolveResponse` would, `run` answers them.
 */
export interface DirectCalls {
  /**
   * A plan when `resolveResponse` would treat the request as plain JSON calls of queries over GET
   * or mutations over POST, all found on the router, none streamed; `null` for anything else
   * (subscriptions, `trpc-accept: application/jsonl`, other content types, unknown or wrong-method
   * procedures, encoded paths, batches over the limit, connection params), which then goes through
   * `resolveResponse`, the owner of those rules and their errors. Has no side effects.
   */
  plan(req: IncomingMessage, path: string, body: Buffer): DirectCallPlan | null;
  /**
   * Answers a plan as `resolveResponse` does: the same `createContext` info, `onError` calls, error
   * shapes, status codes and `responseMeta`, the procedures called through `callTRPCProcedure`.
   */
  run(plan: DirectCallPlan, request: DirectCallRequest): Promise<PlainAnswer>;
}

/**
 * Builds the direct path for a router.
 *
 * @example
 * ```ts
 * const direct = createDirectCalls({ router, maxBatchSize: 50, createContext });
 * const plan = direct.plan(req, 'entries.get', body);
 * if (plan) writePlainAnswer(await direct.run(plan, { req, signal, requestLike }), res);
 * ```
 */
export function createDirectCalls<TRouter extends AnyTRPCRouter>(
  options: DirectCallsOptions<TRouter>,
): DirectCalls {
  const { router, maxBatchSize } = options;
  return {
    plan: (req, path, body) => planCalls(router, maxBatchSize, { req, path, body }),
    run: (plan, request) => runCalls(options, plan, request),
  };
}

function planCalls(
  router: AnyTRPCRouter,
  maxBatchSize: number,
  { req, path, body }: { req: IncomingMessage; path: string; body: Buffer },
): DirectCallPlan | null {
  const method = req.method;
  if (method !== 'GET' && method !== 'POST') return null;
  const { headers } = req;
  if (headers['trpc-accept'] !== undefined || acceptsJsonLines(headers.accept)) return null;
  const contentType = headers['content-type'];
  if (contentType === undefined ? method === 'POST' : !isJson(contentType)) return null;
  if (path.includes('%') || path.includes('/') || path === '') return null;
  const url = req.url ?? '';
  const queryAt = url.indexOf('?');
  const query = queryAt === -1 ? null : new URLSearchParams(url.slice(queryAt + 1));
  if (query?.has('connectionParams')) return null;
  const isBatchCall = query?.get('batch') === '1';
  const paths = isBatchCall ? path.split(',') : [path];
  if (paths.length > maxBatchSize) return null;
  const type = method === 'GET' ? 'query' : 'mutation';
  const procedures = router._def.procedures as Record<string, { _def: { type: string } } | undefined>;
  for (const name of paths) {
    if (!Object.hasOwn(procedures, name) || procedures[name]?._def.type !== type) return null;
  }
  const inputText = method === 'GET' ? (query?.get('input') ?? null) : body.toString('utf8');
  return { type, isBatchCall, paths, inputText };
}

type CallOutcome = readonly [TRPCError, undefined] | readonly [undefined, unknown];

async function runCalls<TRouter extends AnyTRPCRouter>(
  options: DirectCallsOptions<TRouter>,
  plan: DirectCallPlan,
  { req, signal, requestLike }: DirectCallRequest,
): Promise<PlainAnswer> {
  const { router } = options;
  const config = router._def._config;
  const { type } = plan;
  const inputs = new InputMemo(plan.inputText, plan.isBatchCall, plan.paths.length, config.transformer);
  const calls = plan.paths.map((path, index) => ({
    batchIndex: index,
    path,
    procedure: router._def.procedures[path] ?? null,
    getRawInput: () => inputs.read(index),
    result: () => inputs.result(index),
  }));
  const info: TRPCRequestInfo = {
    accept: null,
    type,
    isBatchCall: plan.isBatchCall,
    calls,
    connectionParams: null,
    signal,
    get url() {
      return new URL(req.url ?? '/', 'http://localhost');
    },
  };
  let ctx: inferRouterContext<TRouter> | undefined;
  let ctxError: TRPCError | undefined;
  try {
    ctx = await options.createContext({ req, info });
  } catch (cause) {
    ctxError = getTRPCErrorFromUnknown(cause);
  }
  const call = async (index: number): Promise<CallOutcome> => {
    const { path, batchIndex, getRawInput } = calls[index] as (typeof calls)[number];
    try {
      if (ctxError) throw ctxError;
      return [
        undefined,
        await callTRPCProcedure({ router, path, getRawInput, ctx, type, signal, batchIndex }),
      ];
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      const input = inputs.result(index);
      options.onError?.({ error, path, input, ctx, type, req: requestLike() });
      return [error, undefined];
    }
  };
  const shapeOf = (error: TRPCError, index: number) =>
    getErrorShape({ config, ctx, error, input: inputs.result(index), path: plan.paths[index], type });
  const answer = (json: TRPCResponse | TRPCResponse[], errors: (TRPCError | undefined)[]): PlainAnswer => {
    const untransformed = Array.isArray(json) ? json : [json];
    const meta = options.responseMeta?.({
      ctx,
      info,
      paths: plan.paths,
      data: untransformed,
      errors: errors.filter((error) => error !== undefined),
      eagerGeneration: false,
      type,
    });
    return toPlainAnswer(
      getHTTPStatusCode(json, errors),
      JSON.stringify(transformed(config.transformer, json)),
      meta,
    );
  };

  if (!plan.isBatchCall) {
    const [error, data] = await call(0);
    if (error === undefined && isDataStream(data)) {
      // `resolveResponse` raises this outside the call, so it is reported without a path.
      const streamError = new TRPCError({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
      });
      options.onError?.({
        error: streamError,
        path: undefined,
        input: undefined,
        ctx,
        type,
        req: requestLike(),
      });
      const shape = getErrorShape({
        config,
        ctx,
        error: streamError,
        input: undefined,
        path: undefined,
        type,
      });
      return answer({ error: shape }, [streamError]);
    }
    return answer(error ? { error: shapeOf(error, 0) } : { result: { data } }, [error]);
  }
  const outcomes = await Promise.all(calls.map((_, index) => call(index)));
  const errors = outcomes.map(([error, data]) =>
    error === undefined && isDataStream(data)
      ? new TRPCError({
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
        })
      : error,
  );
  const json = outcomes.map(([, data], index): TRPCResponse => {
    const error = errors[index];
    return error ? { error: shapeOf(error, index) } : { result: { data } };
  });
  return answer(json, errors);
}

/**
 * What tRPC's `transformTRPCResponse` makes of these answers, without its three object copies per
 * item: they hold only `error`, or `result` with only `data`.
 */
function transformed(
  transformer: AnyTRPCRouter['_def']['_config']['transformer'],
  json: TRPCResponse | TRPCResponse[],
): TRPCResponse | TRPCResponse[] {
  const item = (response: TRPCResponse): TRPCResponse => {
    if ('error' in response) return { error: transformer.output.serialize(response.error) };
    if (!('data' in response.result)) return response;
    return { result: { data: transformer.output.serialize(response.result.data) } };
  };
  return Array.isArray(json) ? json.map(item) : item(json);
}

/** As `resolveResponse` tells a streamed result (`httpBatchStreamLink` only) from a plain one. */
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (Symbol.asyncIterator in value) return true;
  const values = Object.values(value);
  return values.some(isPromiseLike) || values.some((item) => isObject(item) && Symbol.asyncIterator in item);
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPromiseLike(value: unknown): boolean {
  if (!isObject(value) && typeof value !== 'function') return false;
  const { then, catch: onCatch } = value as { then?: unknown; catch?: unknown };
  return typeof then === 'function' && typeof onCatch === 'function';
}

function acceptsJsonLines(accept: string | undefined): boolean {
  return accept?.split(',').some((item) => item.trim() === 'application/jsonl') === true;
}

/** As tRPC matches it: media types are case-insensitive, parameters ignored. */
function isJson(contentType: string): boolean {
  return contentType.toLowerCase().split(';', 1)[0]?.trim() === 'application/json';
}
