/**
 * The limit on a request's body. A body that says its length is judged by its header alone; a chunked
 * one is read from the socket, counting, up to the limit, and kept for the route (node-server reads an
 * IncomingMessage's rawBody as the body). hono's bodyLimit touches the web Request's body stream, which
 * makes node-server build a full web Request for every POST: about a sixth of a decision's time.
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestHeader } from './requestHeader.ts';

type Incoming = IncomingMessage & { rawBody?: Buffer };

export function bodySize(maxSize: number, tooLarge: (c: Context) => Response): MiddlewareHandler {
  // in process (app.request), where there is no socket to read from
  const fallback = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const incoming = (c.env as { incoming?: Incoming } | undefined)?.incoming;
    const length = requestHeader(c, 'content-length');
    if (length !== undefined && requestHeader(c, 'transfer-encoding') === undefined) return Number(length) > maxSize ? tooLarge(c) : next();
    if (!incoming) return fallback(c, next);
    const body = await readAtMost(incoming, maxSize);
    if (!body) return tooLarge(c);
    incoming.rawBody = body;
    return next();
  };
}

/** The body as it arrives, or undefined once it passes `max` bytes (the rest is read and dropped). */
function readAtMost(incoming: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      stop();
      incoming.resume();
      resolve(undefined);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error) => {
      stop();
      reject(err);
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
  });
}
