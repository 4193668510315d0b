import { z } from 'zod';
import { authedProcedure } from '../procedures.js';
import { appRouter } from '../router.js';
import { type HttpProcedurePath, PROCEDURE_SUMMARIES } from './procedure-docs.js';
import { ERROR_ENVELOPE, type JsonSchema, resultEnvelope } from './wire-schemas.js';

/** Options of {@link createOpenApiDocument}. */
export interface OpenApiDocumentOptions {
  /** The server's version, shown as `info.version`. */
  readonly version: string;
  /** Path prefix the server serves tRPC under. @default '/trpc' */
  readonly basePath?: string;
}

/** What a built tRPC 11 procedure holds at run time (its public types hide the parsers). */
interface RuntimeProcedure {
  readonly _def: {
    readonly type: 'query' | 'mutation' | 'subscription';
    readonly inputs: readonly unknown[];
    readonly output?: unknown;
    readonly middlewares: readonly unknown[];
  };
}

/** An OpenAPI 3.1 document as plain JSON. */
export type OpenApiDocument = Record<string, unknown> & { readonly paths: Record<string, unknown> };

const DESCRIPTION = `Coffer speaks tRPC 11 over HTTP with no data transformer: a query is
\`GET <basePath>/<procedure>?input=<url-encoded JSON>\`, a mutation is \`POST <basePath>/<procedure>\`
with the JSON input as its body (no body when the procedure takes no input). Answers are
\`{ "result": { "data": … } }\`; failures are \`{ "error": { "message", "code", "data": { "code",
"httpStatus", … } } }\` with the HTTP status of \`data.httpStatus\`. Several calls can be batched
(\`?batch=1\`, see tRPC's httpBatchLink). Subscriptions (\`entries.export\`, \`tasks.onUpdate\`,
\`live.*\`, \`system.clock\`) run over WebSocket or SSE and are not described here; use
\`@coffer/client\`. Sign in with \`auth.register\` or \`auth.login\` and send the answered token as
\`Authorization: Bearer <token>\`.`;

/**
 * Builds the OpenAPI 3.1 document of the router's queries and mutations from their zod schemas,
 * describing tRPC's real wire format (see the document's `info.description`).
 *
 * @example
 * ```ts
 * const doc = createOpenApiDocument({ version: '0.1.0' });
 * ```
 */
export function createOpenApiDocument(options: OpenApiDocumentOptions): OpenApiDocument {
  if (typeof options?.version !== 'string') throw new TypeError('options.version must be a string');
  const basePath = (options.basePath ?? '/trpc').replace(/\/+$/, '');
  const authedMiddleware = (authedProcedure._def as unknown as RuntimeProcedure['_def']).middlewares.at(-1);
  const paths: Record<string, unknown> = {};
  const tags = new Set<string>();
  for (const [path, procedure] of Object.entries(
    appRouter._def.procedures as unknown as Record<string, RuntimeProcedure>,
  )) {
    const { type } = procedure._def;
    if (type !== 'query' && type !== 'mutation') continue;
    const authed = procedure._def.middlewares.includes(authedMiddleware);
    const operation = describeOperation(path as HttpProcedurePath, procedure, authed);
    paths[`${basePath}/${path}`] = { [type === 'query' ? 'get' : 'post']: operation };
    tags.add(tagOf(path));
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Coffer API', version: options.version, description: DESCRIPTION },
    tags: [...tags].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The token `auth.login` answers.' },
      },
      schemas: { Error: ERROR_ENVELOPE },
      responses: {
        Error: {
          description: 'The call failed; `error.data.httpStatus` is this status.',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  };
}

function describeOperation(path: HttpProcedurePath, procedure: RuntimeProcedure, authed: boolean) {
  const { type, inputs, output } = procedure._def;
  if (!(output instanceof z.ZodType)) throw new TypeError(`${path} needs a zod .output() to be documented`);
  const input = mergeInputs(path, inputs);
  const error = { $ref: '#/components/responses/Error' };
  const operation: Record<string, unknown> = {
    operationId: path,
    summary: PROCEDURE_SUMMARIES[path] ?? missingSummary(path),
    tags: [tagOf(path)],
    security: authed ? [{ bearer: [] }] : [],
    responses: {
      '200': {
        description: 'The procedure’s answer in tRPC’s result envelope.',
        content: { 'application/json': { schema: resultEnvelope(toSchema(output, 'output')) } },
      },
      '400': error,
      ...(authed ? { '401': error } : {}),
      default: error,
    },
  };
  if (input === undefined) return operation;
  const required = !input.safeParse(undefined).success;
  const content = { 'application/json': { schema: toSchema(input, 'input') } };
  if (type === 'query') {
    operation.parameters = [
      { name: 'input', in: 'query', required, description: 'The input as JSON, URL-encoded.', content },
    ];
  } else {
    operation.requestBody = { required, content };
  }
  return operation;
}

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

/** tRPC merges chained `.input()` parsers; the router uses at most one, and only zod ones. */
function mergeInputs(path: string, inputs: readonly unknown[]): z.ZodType | undefined {
  if (!inputs.every((input) => input instanceof z.ZodType)) {
    throw new TypeError(`${path} has a non-zod .input(), which cannot be documented`);
  }
  const [first, ...rest] = inputs as z.ZodType[];
  if (first === undefined) return undefined;
  return rest.reduce<z.ZodType>((merged, next) => z.intersection(merged, next), first);
}

function tagOf(path: string): string {
  return path.slice(0, path.indexOf('.'));
}

function missingSummary(path: string): never {
  throw new TypeError(`${path} has no summary in PROCEDURE_SUMMARIES`);
}
