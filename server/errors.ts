/**
 * Errors as JSON { error: { code, message, details } } with the status a client can act on. A real
 * fault is a 500 with a request id, logged with its stack on the server and never sent to the client.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { JianchaError, type ErrorCode } from '../core/errors.ts';

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  'invalid-json': 400,
  'invalid-facts': 422,
  'missing-fact': 422,
  'invalid-input': 422,
  // a list's page, filter or sort the request named wrongly
  'invalid-query': 400,
  'invalid-date': 422,
  'invalid-ruleset': 422,
  'invalid-plugin': 422,
  'unknown-plugin': 404,
  'unknown-decision': 404,
  'no-ruleset-in-force': 404,
  'not-found': 404,
  conflict: 409,
  forbidden: 403,
  'password-change-required': 403,
  unauthorized: 401,
};

/** The status a refusal answers with, for a page shown again with its form's error. */
export const statusOf = (err: JianchaError): ContentfulStatusCode => STATUS[err.code];

export function errorBody(code: string, message: string, details: unknown[] = []) {
  return { error: { code, message, details } };
}

/** A console page gets a page, in Chinese; an API client gets JSON. */
function consolePage(c: Context, status: ContentfulStatusCode, message: string): Response {
  const esc = message.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
  return c.html(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>出错了 · 监察</title><link rel="stylesheet" href="/assets/console.css"></head><body><main><section class="card"><h1>出错了</h1><p class="error">${esc}</p><p><a href="/">返回首页</a></p></section></main></body></html>`,
    status,
  );
}

export function onError(err: Error, c: Context): Response {
  const api = c.req.path.startsWith('/api/');
  if (err instanceof JianchaError) {
    if (!api) return consolePage(c, STATUS[err.code], err.zh);
    return c.json(errorBody(err.code, err.message, err.details), STATUS[err.code]);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = status === 413 ? 'payload-too-large' : status === 429 ? 'too-many-requests' : 'http-error';
    return c.json(errorBody(code, err.message), status);
  }
  const requestId = c.get('requestId' as never) as string | undefined;
  console.error(`[${requestId}] ${c.req.method} ${c.req.path}:`, err);
  if (!api) return consolePage(c, 500, `服务器内部错误，请联系管理员并提供请求编号 ${requestId}`);
  return c.json(errorBody('internal', `服务器内部错误，请联系管理员并提供请求编号 ${requestId} (internal error, request id ${requestId})`), 500);
}
