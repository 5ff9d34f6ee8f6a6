/**
 * The Hono app: the JSON API under /api and the bureau console, one request from route to the rule
 * that decided. createApp takes its dependencies so tests drive it with app.request.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { projectRoot } from '../core/projectRoot.ts';
import { authenticate } from './auth.ts';
import { bodySize } from './bodySize.ts';
import { consoleActions } from './console/actions.tsx';
import { campaignPages } from './console/campaignPages.tsx';
import { confirmPage } from './console/confirmPage.tsx';
import { employerPage } from './console/employerPage.tsx';
import { consolePages } from './console/pages.tsx';
import { uploadActions } from './console/uploadActions.tsx';
import { accountPages } from './console/accountPages.tsx';
import { newCampaign } from './console/newCampaign.tsx';
import { yearRecordPages } from './console/yearRecords.tsx';
import type { AppDeps, AppEnv } from './context.ts';
import { errorBody, onError } from './errors.ts';
import { apiEndpoints } from './openapi.ts';
import { mount } from './endpoint.ts';
import { responseHeaders } from './responseHeaders.ts';
import { shareConnection } from '../core/services/batch.ts';
import { holdsAlone, takingTurns } from './turns.ts';

const MAX_BODY = 20 * 1024 * 1024;
const CSS = readFileSync(join(projectRoot, 'server/assets/console.css'), 'utf8');
// the console's scripts: forms work without them, the server checks every field again
const SCRIPTS = new Map(
  ['dateOrder.js', 'fieldMessages.js', 'fileInput.js'].map((name) => [name, readFileSync(join(projectRoot, 'server/assets', name), 'utf8')]),
);

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // requests share this connection: a long step never runs on it (jobs.ts), except on an in-memory
  // database, where it runs alone while requests wait their turn
  const sqlite = deps.db.$client;
  shareConnection(deps.db, sqlite.memory ? () => holdsAlone(sqlite) : undefined);
  if (sqlite.memory) app.use(takingTurns(sqlite));
  app.use(
    responseHeaders({
      // a response with its own policy (a document's, with hashes of its styles) keeps it
      overwrite: false,
      // nothing loads from outside: bureaus run on intranets without internet
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.use(bodySize(MAX_BODY, (c) => c.json(errorBody('payload-too-large', '请求内容超过 20 MB (request body over 20 MB)'), 413)));
  app.use(async (c, next) => {
    // the rules in force now: another process (the CLI, a second server) may have edited them
    deps.registry = await deps.decider.refresh();
    c.set('deps', deps);
    await next();
  });
  app.use(authenticate);
  app.onError(onError);
  app.notFound((c) => c.json(errorBody('not-found', `没有 ${c.req.path} (no route ${c.req.method} ${c.req.path})`), 404));

  // every API route from the one table the OpenAPI document is made of
  const api = new Hono<AppEnv>();
  mount(api, apiEndpoints);
  app.route('/api', api);
  app.get('/assets/console.css', (c) => c.body(CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'max-age=3600' }));
  for (const [name, script] of SCRIPTS)
    app.get(`/assets/${name}`, (c) => c.body(script, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=3600' }));
  app.route('/', consolePages);
  // before the campaign pages: /campaigns/new is no campaign's id
  app.route('/', newCampaign);
  app.route('/', campaignPages);
  app.route('/', confirmPage);
  app.route('/', employerPage);
  app.route('/', yearRecordPages);
  app.route('/', consoleActions);
  app.route('/', uploadActions);
  app.route('/', accountPages);
  return app;
}
