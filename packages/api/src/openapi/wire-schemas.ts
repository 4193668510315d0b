/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as a plain object. */
export type JsonSchema = Record<string, unknown>;

/** tRPC's success envelope over HTTP: `{ result: { data } }`. */
export function resultEnvelope(data: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['result'],
    properties: {
      result: { type: 'object', required: ['data'], properties: { data } },
    },
  };
}

const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

/**
 * tRPC's error envelope as Coffer's error formatter shapes it (`packages/api/src/trpc.ts`):
 * `{ error: { message, code, data: { code, httpStatus, path, zodError, cofferCode, ... } } }`.
 */
export const ERROR_ENVELOPE: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['message', 'code', 'data'],
      properties: {
        message: { type: 'string' },
        code: { type: 'integer', description: 'JSON-RPC 2.0 error number, e.g. -32600 for BAD_REQUEST.' },
        data: {
          type: 'object',
          required: ['code', 'httpStatus'],
          properties: {
            code: { type: 'string', description: 'tRPC error code, e.g. `UNAUTHORIZED`.' },
            httpStatus: { type: 'integer' },
            path: { type: 'string', description: 'The procedure, e.g. `accounts.list`.' },
            zodError: {
              ...nullable({
                type: 'object',
                properties: {
                  formErrors: { type: 'array', items: { type: 'string' } },
                  fieldErrors: {
                    type: 'object',
                    additionalProperties: { type: 'array', items: { type: 'string' } },
                  },
                },
              }),
              description: 'Input validation issues (`BAD_REQUEST` only), as `z.flattenError` gives them.',
            },
            cofferCode: {
              ...nullable({ type: 'string' }),
              description: 'Stable `COFFER_*` code of the failure, when it has one.',
            },
            retryAfterMs: { ...nullable({ type: 'number' }), description: 'When to retry a throttled call.' },
            requestId: { ...nullable({ type: 'string' }), description: 'The id the server logs it under.' },
            stack: { type: 'string', description: 'Only when the server runs with NODE_ENV=development.' },
          },
        },
      },
    },
  },
};
