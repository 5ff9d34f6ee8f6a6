/**
 * The body limit on a real node server, as `npm start` serves the app: a body that says its length is
 * judged by its header, a chunked one as it arrives; over 20 MB is a 413 in Chinese, a body within it
 * reaches the route whole.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decider } from '../core/decide.ts';
import { openDatabase } from '../core/db/index.ts';
import { loadRegistry } from '../core/registry.ts';
import { syntheticPopulation } from '../core/synthetic.ts';
import { createApp } from '../server/app.ts';
import { LoginThrottle } from '../server/sessions.ts';

const registry = await loadRegistry();
const decider = new Decider(registry);
const app = createApp({ db: openDatabase(':memory:'), registry, decider, throttle: new LoginThrottle() });
let server: ReturnType<typeof serve>;
let port = 0;
beforeAll(async () => {
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const PATH = '/api/plugins/chongqing-jiangjin/decisions/grading?at=2024-08-02';
const MB = 1024 * 1024;

/** POST `chunks` to the decision route, chunked unless `length` is sent */
function post(chunks: Buffer[], length?: number): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (length !== undefined) headers['content-length'] = String(length);
    // a connection of its own: one whose body was refused half sent is not reused
    const req = request({ host: '127.0.0.1', port, path: PATH, method: 'POST', headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(parts).toString('utf8')) });
        } catch (err) {
          reject(err);
        }
      });
    });
    // the server may answer and close before it has read all of a body it refuses
    req.on('error', (err) => (err.message.includes('EPIPE') || err.message.includes('ECONNRESET') ? undefined : reject(err)));
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const facts = Buffer.from(JSON.stringify([...syntheticPopulation(registry.get('chongqing-jiangjin'), 1, 2024)][0]));
const padding = (mb: number) => Array.from({ length: mb }, () => Buffer.alloc(MB, 0x20));

describe('the body limit on a node server', () => {
  it('refuses a body whose length is over 20 MB with 413 and a message in Chinese', async () => {
    const res = await post([Buffer.from('{}')], 21 * MB);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'payload-too-large', message: expect.stringContaining('请求内容超过 20 MB') });
  });

  it('refuses a chunked body once it passes 20 MB', async () => {
    const res = await post([Buffer.from('{"a":"'), ...padding(21), Buffer.from('"}')]);
    expect(res.status).toBe(413);
    expect(res.body.error.message).toContain('请求内容超过 20 MB');
  });

  it('passes a chunked body within the limit to the route whole, in pieces as it came', async () => {
    // the facts in three pieces, then 19 MB of spaces JSON allows after them
    const pieces = [facts.subarray(0, 10), facts.subarray(10, 200), facts.subarray(200), ...padding(19)];
    const res = await post(pieces);
    expect(res.status).toBe(200);
    expect(res.body.result.grade).toBe(
      (await decider.decide('chongqing-jiangjin', 'grading', JSON.parse(facts.toString()), { at: '2024-08-02' })).result.grade,
    );
  });

  it('passes a body of a stated length within the limit', async () => {
    const res = await post([facts], facts.length);
    expect(res.status).toBe(200);
    expect(res.body.trace.rules.length).toBeGreaterThan(0);
  });
});
