/**
 * npm start: migrate the embedded database, load every plugin, serve the console and API on PORT
 * (3000), and on an empty database seed the demo year in a worker meanwhile.
 */
import { Worker } from 'node:worker_threads';
import { serve } from '@hono/node-server';
import { html } from 'hono/html';
import { eq } from 'drizzle-orm';
import { openDatabase, schema } from '../core/db/index.ts';
import { dbLocation, defaultDbLocation, shownLocation } from '../core/db/location.ts';
import { JianchaError } from '../core/errors.ts';
import { actorFor, localAdministrator, type Actor } from '../core/services/actor.ts';
import { createUser } from '../core/services/users.ts';
import { syncBureaus } from '../core/services/bureaus.ts';
import { seedDemo } from '../core/services/demo.ts';
import { demoAccounts, demoTeams, type DemoStaff } from '../core/services/demoData.ts';
import { deciderWithEdits } from '../core/services/rulesetEdits.ts';
import { createApp } from './app.ts';
import { workerBoot } from './jobs.ts';
import { hashPassword, newPassword } from '../core/services/passwords.ts';
import { securitySettings } from './security.ts';
import { LoginThrottle } from './sessions.ts';
import { markInterruptedJobs } from './jobs.ts';

const port = Number(process.env.PORT ?? 3000);
const location = defaultDbLocation();
const db = opened();
// the shipped rulesets with the bureaus' edits over them, reloaded when another process edits them
const decider = await deciderWithEdits(db);
const registry = decider.registry;
await syncBureaus(db, registry);

const admin = await localAdministrator(db);
const adminRow = db.select().from(schema.users).where(eq(schema.users.id, admin.userId)).get()!;
if (!adminRow.passwordHash) {
  // a password the operator chose stays; a generated one is one-time, replaced at the first login
  const chosen = process.env.JIANCHA_ADMIN_PASSWORD;
  const password = chosen ?? newPassword();
  db.update(schema.users)
    .set({ passwordHash: await hashPassword(password), passwordChangeRequired: chosen === undefined })
    .where(eq(schema.users.id, admin.userId))
    .run();
  if (!chosen) console.log(`管理员 admin 的一次性密码 (one-time administrator password): ${password}`);
}

let seeding: Promise<void> | undefined;
/** the demo's last step done, which the console's notice shows while it is seeded */
let seedingStep: string | undefined;
if (!db.select({ id: schema.campaigns.id }).from(schema.campaigns).limit(1).get()) {
  const employers = Number(process.env.JIANCHA_DEMO_EMPLOYERS ?? 2000);
  // each plugin's demo staff, to show what a bureau sees; a demo's clerk and head work its reviews
  const staff: Record<string, Actor> = {};
  for (const { username, displayName, role, bureauId } of demoAccounts(registry)) {
    // each its own one-time password, never the administrator's
    const { password } = await createUser(db, admin, { username, displayName, role, bureauId });
    staff[username] = await actorFor(db, username);
    console.log(`演示账号 ${username}（${displayName}）一次性密码 (one-time password): ${password}`);
  }
  const demoStaff = await demoTeams(registry, (username) => staff[username]);
  // an in-memory database cannot be shared with a worker: there the demo is seeded before listening
  if (db.$client.memory) await seedDemo(db, decider, admin, { employers, staff: demoStaff, progress: (line) => console.log(`  ${line}`) });
  else seeding = seedInWorker(employers, admin, demoStaff);
}

/** The demo seeded in a worker (demoWorker.ts) while the server listens, its progress printed. */
function seedInWorker(employers: number, actor: Actor, staff: Record<string, DemoStaff>): Promise<void> {
  console.log(`空数据库：正在生成演示数据（每个地区 ${employers} 家合成用人单位）… (seeding the demo)`);
  const worker = new Worker(workerBoot('demoWorker'), { eval: true, workerData: { dbPath: db.$client.name, admin: actor, staff, employers } });
  worker.on('message', (line: string) => {
    seedingStep = line;
    console.log(`  ${line}`);
  });
  return new Promise<void>((resolve, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`demo seeding exited ${code}`))));
  }).then(
    () => {
      seeding = undefined;
      console.log('演示数据已生成 (demo seeded)');
    },
    (err) => {
      console.error('演示数据生成失败 (demo seeding failed):', err);
      process.exit(1);
    },
  );
}

/** The console's notice while the demo is seeded: what it is doing and the last step done (as the terminal prints them). */
const seedingPage = () =>
  String(html`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta http-equiv="refresh" content="3"><title>jiancha 监察</title>
<p>正在生成演示数据，请稍候，本页将自动刷新… (seeding the demo; this page reloads)</p>
${seedingStep ? html`<p class="step">最近完成：${seedingStep}</p>` : ''}</html>`);

const app = createApp({ db, registry, decider, throttle: new LoginThrottle(), security: securitySettings() });
// while the demo is seeded the console shows a notice; the API answers from the start
// the node bindings (env) go on to the app: its body check reads the socket
const fetch = (req: Request, env: unknown) =>
  seeding && !new URL(req.url).pathname.startsWith('/api')
    ? new Response(seedingPage(), { status: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': '3' } })
    : app.fetch(req, env);

// this server's jobs: those a previous process left running ended with it
const interrupted = markInterruptedJobs(db);
if (interrupted)
  console.log(`上次运行中断的任务 ${interrupted} 个已标记为“已中断” (${interrupted} job(s) left running by the previous process marked interrupted)`);

serve({ fetch, port, hostname: process.env.HOST ?? '127.0.0.1' }, (info) => {
  console.log(`jiancha 监察 已启动: http://${info.address}:${info.port}/  (database ${shownLocation(dbLocation(location))})`);
});

/** The database JIANCHA_DB names, or a clear message and exit code 2 when it cannot be used (a URL of another kind, PostgreSQL for now). */
function opened() {
  try {
    return openDatabase(location);
  } catch (err) {
    if (!(err instanceof JianchaError)) throw err;
    console.error(`jiancha: JIANCHA_DB: ${err.message}`);
    process.exit(2);
  }
}
