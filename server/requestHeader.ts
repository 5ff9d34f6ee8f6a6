/**
 * A request header, from node's IncomingMessage when node serves the request: c.req.header makes
 * node-server build a web Headers object from the raw headers, a few percent of a decision, where the
 * public routes read only a header or two. In process (app.request) there is no IncomingMessage.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
