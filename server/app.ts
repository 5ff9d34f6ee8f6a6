/**
 * The Hono app: the JSON API under /api and the bureau console, one request from route to the rule
 * that decided. createApp takes its dependencies so tests drive it with app.request.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { projectRoot } from '../core/projectRoot.ts';
import { authenticate } from './auth.ts';
import { consoleActions } from './console/actions.tsx';
import { campaignPages } from './console/campaignPages.tsx';
import { employerPage } from './console/employerPage.tsx';
import { consolePages } from './console/pages.tsx';
import type { AppDeps, AppEnv } from './context.ts';
import { errorBody, onError } from './errors.ts';
import { openApiDocument } from './openapi.ts';
import { mount } from './endpoint.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { lifecycleEndpoints } from './routes/lifecycle.ts';
import { ruleEndpoints } from './routes/rules.ts';
import { pluginRoutes } from './routes/plugins.ts';
import { sessionRoutes } from './routes/session.ts';

const CSS = readFileSync(join(projectRoot, 'server/assets/console.css'), 'utf8');
const VERSION = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(
    secureHeaders({
      // nothing loads from outside: bureaus run on intranets without internet
      contentSecurityPolicy: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], formAction: ["'self'"], frameAncestors: ["'none'"] },
    }),
  );
  app.use(
    bodyLimit({
      maxSize: 20 * 1024 * 1024,
      onError: (c) => c.json(errorBody('payload-too-large', '请求内容超过 20 MB (request body over 20 MB)'), 413),
    }),
  );
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use(authenticate);
  app.onError(onError);
  app.notFound((c) => c.json(errorBody('not-found', `没有 ${c.req.path} (no route ${c.req.method} ${c.req.path})`), 404));

  app.route('/api', sessionRoutes);
  app.route('/api/plugins', pluginRoutes);
  app.route('/api/campaigns', campaignRoutes);
  const api = new Hono<AppEnv>();
  mount(api, [...lifecycleEndpoints, ...ruleEndpoints]);
  app.route('/api', api);
  app.get('/api/openapi.json', (c) => c.json(openApiDocument(VERSION)));
  app.get('/api/docs', (c) => c.html(apiPage(openApiDocument(VERSION))));
  app.get('/assets/console.css', (c) => c.body(CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'max-age=3600' }));
  app.route('/', consolePages);
  app.route('/', campaignPages);
  app.route('/', employerPage);
  app.route('/', consoleActions);
  return app;
}

/** A readable list of the API, from the OpenAPI document itself. */
function apiPage(doc: ReturnType<typeof openApiDocument>): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
  const rows = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops as Record<string, { summary: string }>).map(([method, op]) => `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${esc(path)}</code></td><td>${esc(op.summary)}</td></tr>`),
  );
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>接口文档 · 监察</title><link rel="stylesheet" href="/assets/console.css"></head><body><main><h1>${esc(doc.info.title)} ${esc(doc.info.version)}</h1><p>JSON 接口；错误一律为 <code>{ error: { code, message, details } }</code>。完整定义见 <a href="/api/openapi.json">/api/openapi.json</a>。</p><table><thead><tr><th>方法</th><th>路径</th><th>说明</th></tr></thead><tbody>${rows.join('')}</tbody></table></main></body></html>`;
}
