/**
 * An API endpoint as data: method, path, summary, the JSON Schema of its body, and the service call.
 * Mounting one validates the body with ajv before the service runs, and the same definition becomes
 * its entry in the OpenAPI document, so the document cannot drift from the routes.
 */
import type { Context, Hono } from 'hono';
import type { ValidateFunction } from 'ajv';
import { JianchaError } from '../core/errors.ts';
import { parseJson } from '../core/jsonFile.ts';
import { createAjv, schemaErrors } from '../core/schema.ts';
import type { Step } from '../core/policy.ts';
import type { Actor } from '../core/services/actor.ts';
import { actorOf } from './auth.ts';
import type { AppDeps, AppEnv } from './context.ts';

/** A file to send instead of JSON. */
export class FileResult {
  constructor(
    readonly data: Buffer,
    readonly type: string,
    readonly name: string,
  ) {}
}

export interface Call<B> {
  deps: AppDeps;
  /** the logged-in actor; reading it on a public endpoint without a session is a 401 */
  actor: Actor;
  /** the request itself, for the few endpoints that set cookies or answer with HTML */
  c: Context<AppEnv>;
  param: (name: string) => string;
  query: (name: string) => string | undefined;
  body: B;
  /** the raw body, for uploads */
  raw: () => Promise<Buffer>;
  /** the body as UTF-8 text, read without a copy (the decision service) */
  text: () => Promise<string>;
}

export interface Endpoint<B = any> {
  method: 'get' | 'post' | 'put';
  /** Hono path under /api, e.g. /campaigns/:id/draw */
  path: string;
  summary: string;
  /** JSON Schema of the JSON body; absent: no JSON body */
  body?: Record<string, unknown>;
  /** the body may be left out (read as {}): a step that once took none keeps its callers */
  optionalBody?: true;
  /** a raw upload (CSV or XLSX) rather than JSON */
  upload?: true;
  query?: Record<string, { description: string; schema?: Record<string, unknown> }>;
  /** the step of core/policy.ts the service checks, for changes: the access tests read it */
  step?: Step;
  /** open without a login (the decision service, logging in) */
  public?: true;
  /** what the OpenAPI operation says beyond what the fields above give (a body schema by $ref, responses) */
  doc?: Record<string, unknown>;
  /** JSON, a FileResult, or a Response as it is */
  run: (call: Call<B>) => unknown;
}

let ajv: ReturnType<typeof createAjv> | undefined;

export function mount(app: Hono<AppEnv>, endpoints: Endpoint[]): void {
  for (const e of endpoints) {
    // compiled at the endpoint's first request: compiling every body schema at mount took ~0.9 s of each
    // test file's set-up, most of whose endpoints it never calls
    let validate: ValidateFunction | undefined;
    app[e.method](e.path, async (c: Context<AppEnv>) => {
      if (!e.public) actorOf(c);
      let body: unknown;
      if (e.body) {
        validate ??= (ajv ??= createAjv()).compile(e.body);
        const text = await c.req.text();
        body = e.optionalBody && !text.trim() ? {} : parseJson(text, 'request body');
        if (!validate(body))
          throw new JianchaError('invalid-input', '请求内容不符合要求', 'the request body is invalid', schemaErrors(validate.errors, undefined, ''));
      }
      const result = await e.run({
        deps: c.get('deps'),
        get actor() {
          return actorOf(c);
        },
        c,
        param: (name) => c.req.param(name) ?? '',
        query: (name) => c.req.query(name),
        body,
        raw: async () => Buffer.from(await c.req.arrayBuffer()),
        text: () => c.req.text(),
      });
      if (result instanceof Response) return result;
      if (result instanceof FileResult) {
        return c.body(new Uint8Array(result.data), 200, {
          'content-type': result.type,
          'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(result.name)}`,
        });
      }
      return c.json(result ?? { ok: true });
    });
  }
}

/** The endpoints as OpenAPI paths: /campaigns/:id → /api/campaigns/{id}. */
export function openApiPaths(endpoints: Endpoint[], errorResponse: (d: string) => unknown): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const path = `/api${e.path.replace(/:(\w+)/g, '{$1}')}`;
    const parameters = [
      ...[...e.path.matchAll(/:(\w+)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...Object.entries(e.query ?? {}).map(([name, q]) => ({ name, in: 'query', description: q.description, schema: q.schema ?? { type: 'string' } })),
    ];
    paths[path] ??= {};
    paths[path][e.method] = {
      summary: e.summary,
      ...(e.public ? {} : { security: [{ bearer: [] }] }),
      parameters,
      ...(e.body ? { requestBody: { required: !e.optionalBody, content: { 'application/json': { schema: e.body } } } } : {}),
      ...(e.upload
        ? {
            requestBody: {
              required: true,
              content: {
                'text/csv': { schema: { type: 'string' } },
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
              },
            },
          }
        : {}),
      responses: {
        200: { description: 'done' },
        401: errorResponse('not logged in'),
        403: errorResponse('outside the caller’s jurisdiction or role'),
        404: errorResponse('no such record in the caller’s jurisdiction'),
        409: errorResponse('a step out of order, or another run under way'),
        422: errorResponse('the body breaks its schema or the rules'),
      },
      ...e.doc,
    };
  }
  return paths;
}
