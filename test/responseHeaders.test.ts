/**
 * The headers every response carries, on a real node server (where they go onto the ServerResponse)
 * and in process (hono's middlewares): the same secure headers both ways, a request id, and a
 * response's own policy kept over ours.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../server/context.ts';
import { responseHeaders } from '../server/responseHeaders.ts';

const app = new Hono<AppEnv>();
app.use(responseHeaders({ overwrite: false, contentSecurityPolicy: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } }));
app.get('/json', (c) => c.json({ id: c.get('requestId') }));
app.get('/document', (c) => c.html('<p>x</p>', 200, { 'content-security-policy': "default-src 'none'" }));

let server: ReturnType<typeof serve>;
let base = '';
beforeAll(async () => {
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** the headers but the ones that differ per response */
const fixed = (res: Response) =>
  Object.fromEntries([...res.headers].filter(([name]) => !['date', 'connection', 'keep-alive', 'content-length', 'x-request-id'].includes(name)));

describe('response headers', () => {
  it('are the same on a node server as hono sets them in process', async () => {
    const served = await fetch(`${base}/json`);
    const inProcess = await app.request('/json');
    expect(fixed(served)).toEqual(fixed(inProcess));
    expect(served.headers.get('content-security-policy')).toBe("default-src 'self'; frame-ancestors 'none'");
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('name the request, with the id an internal error would give', async () => {
    const served = await fetch(`${base}/json`);
    const id = served.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await served.json()).id).toBe(id);
    // a proxy's id is kept, one with characters hono's requestId refuses is replaced
    expect((await fetch(`${base}/json`, { headers: { 'x-request-id': 'proxy-42' } })).headers.get('x-request-id')).toBe('proxy-42');
    expect((await fetch(`${base}/json`, { headers: { 'x-request-id': 'a b' } })).headers.get('x-request-id')).not.toBe('a b');
  });

  it('leave a response its own content policy', async () => {
    expect((await fetch(`${base}/document`)).headers.get('content-security-policy')).toBe("default-src 'none'");
    expect((await app.request('/document')).headers.get('content-security-policy')).toBe("default-src 'none'");
  });
});
