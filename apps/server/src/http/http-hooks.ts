import type { IncomingMessage } from 'node:http';
import type { AnyTRPCRouter, inferRouterContext } from '@trpc/server';
import type { HTTPErrorHandler, ResponseMetaFn, TRPCRequestInfo } from '@trpc/server/http';
import type { RequestLike } from './request-like.js';

/** The application's hooks into request handling, as tRPC's adapters take them. */
export interface LeanHttpHooks<TRouter extends AnyTRPCRouter> {
  /** Called once per request with the Node request. */
  readonly createContext: (opts: {
    req: IncomingMessage;
    info: TRPCRequestInfo;
  }) => inferRouterContext<TRouter> | Promise<inferRouterContext<TRouter>>;
  readonly onError?: HTTPErrorHandler<TRouter, RequestLike | Request>;
  readonly responseMeta?: ResponseMetaFn<TRouter>;
}
