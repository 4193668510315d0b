import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';
import type { ReadBody } from './request-like.js';

const NO_BODY: ReadBody = { bytes: Buffer.alloc(0) };

/**
 * Reads a request body into one buffer, refusing it with tRPC's `PAYLOAD_TOO_LARGE` (413) as soon
 * as it would pass `limit` bytes — from `Content-Length` before reading anything, or while
 * reading — without holding more than `limit` bytes. GET and HEAD have no body.
 */
export function readBody(req: IncomingMessage, limit: number): ReadBody | Promise<ReadBody> {
  if (req.method === 'GET' || req.method === 'HEAD') return NO_BODY;
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return tooLarge();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: ReadBody) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done({ bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size) });
    };
    const onError = (cause: Error) => {
      done({
        error: new TRPCError({ code: 'BAD_REQUEST', message: 'Reading the request body failed', cause }),
      });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function tooLarge(): ReadBody {
  return { error: new TRPCError({ code: 'PAYLOAD_TOO_LARGE' }) };
}
