/**
 * The headers every response carries: hono's secure headers with our content policy, and a request id
 * (the client's, or a new one) that an internal error's message names. Served by node they go onto the
 * ServerResponse with setHeader, under whatever the response sets itself (writeHead gives its own
 * headers precedence, so a document keeps its own policy): a JSON answer then needs no web Headers
 * object, whose building, filling and copying back into node cost about a tenth of a decision with
 * its trace. In process (app.request), where there is no ServerResponse, hono's middlewares set them.
 */
import type { ServerResponse } from 'node:http';
import { Hono, type MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './context.ts';
import { requestHeader } from './requestHeader.ts';

/** what hono's requestId keeps of a client's X-Request-Id */
const ACCEPTED_ID = /^[\w\-=]{1,255}$/;

export function responseHeaders(options: Parameters<typeof secureHeaders>[0]): MiddlewareHandler<AppEnv> {
  const secure = secureHeaders(options);
  const id = requestId();
  let fixed: [string, string][] | undefined;
  return async (c, next) => {
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    if (!outgoing) return id(c, async () => void (await secure(c, next)));
    // the headers hono sets, read once from a response it made
    fixed ??= [
      ...(
        await new Hono()
          .use(secure)
          .get('/', (r) => r.body(null))
          .request('/')
      ).headers,
    ];
    const given = requestHeader(c, 'x-request-id');
    const reqId = given && ACCEPTED_ID.test(given) ? given : crypto.randomUUID();
    c.set('requestId', reqId);
    outgoing.setHeader('x-request-id', reqId);
    for (const [name, value] of fixed) outgoing.setHeader(name, value);
    await next();
  };
}
