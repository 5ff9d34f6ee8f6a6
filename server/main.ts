/**
 * npm start: migrate the embedded database, load every plugin, seed the demo year on an empty
 * database, and serve the console and API on PORT (3000).
 */
import { serve } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { defaultDbPath, openDatabase, schema } from '../core/db/index.ts';
import { actorFor, localAdministrator, type Actor } from '../core/services/actor.ts';
import { createUser } from '../core/services/users.ts';
import { syncBureaus } from '../core/services/bureaus.ts';
import { seedDemo } from '../core/services/demo.ts';
import { deciderWithEdits } from '../core/services/rulesetEdits.ts';
import { createApp } from './app.ts';
import { hashPassword, newPassword } from '../core/services/passwords.ts';
import { securitySettings } from './security.ts';
import { LoginThrottle } from './sessions.ts';
import { markInterruptedJobs } from './jobs.ts';

const port = Number(process.env.PORT ?? 3000);
const db = openDatabase();
// the shipped rulesets with the bureaus' edits over them, reloaded when another process edits them
const decider = await deciderWithEdits(db);
const registry = decider.registry;
syncBureaus(db, registry);

const admin = localAdministrator(db);
const adminRow = db.select().from(schema.users).where(eq(schema.users.id, admin.userId)).get()!;
if (!adminRow.passwordHash) {
  // a password the operator chose stays; a generated one is one-time, replaced at the first login
  const chosen = process.env.JIANCHA_ADMIN_PASSWORD;
  const password = chosen ?? newPassword();
  db.update(schema.users).set({ passwordHash: await hashPassword(password), passwordChangeRequired: chosen === undefined }).where(eq(schema.users.id, admin.userId)).run();
  if (!chosen) console.log(`管理员 admin 的一次性密码 (one-time administrator password): ${password}`);
}

if (!db.select({ id: schema.campaigns.id }).from(schema.campaigns).limit(1).get()) {
  const employers = Number(process.env.JIANCHA_DEMO_EMPLOYERS ?? 2000);
  // staff of each demo bureau, to show what a bureau sees; the 江津 clerk and head work the review
  const staff: Record<string, Actor> = {};
  for (const [username, displayName, role, bureauId] of [
    ['jiangjin', '江津区人社局经办人', 'clerk', 'cq-jiangjin'],
    ['jiangjin-head', '江津区人社局负责人', 'head', 'cq-jiangjin'],
    ['changji', '昌吉州人社局经办人', 'clerk', 'changji-prefecture'],
  ] as const) {
    // each its own one-time password, never the administrator's
    const { password } = await createUser(db, admin, { username, displayName, role, bureauId });
    staff[username] = actorFor(db, username);
    console.log(`演示账号 ${username}（${displayName}）一次性密码 (one-time password): ${password}`);
  }
  console.log(`空数据库：生成演示数据（每个地区 ${employers} 家合成用人单位）… (seeding the demo)`);
  await seedDemo(db, decider, admin, { employers, staff: { 'cq-jiangjin': { clerk: staff.jiangjin, head: staff['jiangjin-head'] } } });
}

// this server's jobs: those a previous process left running ended with it
const interrupted = markInterruptedJobs(db);
if (interrupted) console.log(`上次运行中断的任务 ${interrupted} 个已标记为“已中断” (${interrupted} job(s) left running by the previous process marked interrupted)`);

serve({ fetch: createApp({ db, registry, decider, throttle: new LoginThrottle(), security: securitySettings() }).fetch, port, hostname: process.env.HOST ?? '127.0.0.1' }, (info) => {
  console.log(`jiancha 监察 已启动: http://${info.address}:${info.port}/  (database ${defaultDbPath()})`);
});
