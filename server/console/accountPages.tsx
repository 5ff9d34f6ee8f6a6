/**
 * Accounts in the console: an administrator's staff accounts (create, reset, disable), and a
 * campaign's drawn employers' accounts opened in batches with a printable letter of one-time
 * passwords (clerks, heads and administrators, core/policy.ts accounts.employers). A one-time password
 * is shown once, on the page that answers the post, and never stored; every such page is no-store.
 */
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { JianchaError } from '../../core/errors.ts';
import type { Role } from '../../core/services/actor.ts';
import { bureauScope } from '../../core/services/bureaus.ts';
import { getCampaign } from '../../core/services/campaign.ts';
import { BATCH, campaignAccounts, createEmployerAccounts, listStaffAccounts } from '../../core/services/employerAccounts.ts';
import { createUser, resetPassword, setAccountDisabled } from '../../core/services/users.ts';
import type { AppEnv } from '../context.ts';
import { localPath, publicOrigin } from '../security.ts';
import type { Session } from '../sessions.ts';
import { bureauNames } from './jobResult.tsx';
import { EmployerLetters } from './employerLetters.tsx';
import { Flash, Layout, PostForm, ROLE } from './layout.tsx';

export const accountPages = new Hono<AppEnv>();

type Form = Record<string, string | File>;
const str = (form: Form, name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
const STAFF_ROLES: Role[] = ['clerk', 'head', 'administrator'];

/** A page that holds a one-time password: not kept by the browser or a proxy. */
const noStore = (c: Context<AppEnv>) => c.header('cache-control', 'no-store');

/** Back to `back` with an outcome (ok) or an error, in the query. */
const backWith = (c: Context<AppEnv>, back: string, key: 'ok' | 'error', text: string) =>
  c.redirect(`${back}${back.includes('?') ? '&' : '?'}${key}=${encodeURIComponent(text)}`, 303);

/** Reset and disable or enable, for one account's row. */
function AccountActions(props: { session: Session; username: string; disabled: boolean; back: string }) {
  const { session, username, disabled, back } = props;
  const path = `/accounts/${encodeURIComponent(username)}`;
  return (
    <>
      <PostForm action={`${path}/reset`} session={session} class="inline">
        <input type="hidden" name="back" value={back} />
        <button type="submit">重置密码</button>
      </PostForm>
      <PostForm action={`${path}/disabled`} session={session} class="inline">
        <input type="hidden" name="back" value={back} />
        <button type="submit" name="disabled" value={disabled ? '0' : '1'} class="secondary">
          {disabled ? '启用' : '停用'}
        </button>
      </PostForm>
    </>
  );
}

const state = (a: { disabled: boolean; oneTime: boolean }) => (a.disabled ? '已停用' : a.oneTime ? '待首次登录' : '正常');

accountPages.get('/accounts', async (c) => {
  const session = c.get('session');
  if (!session) return c.redirect('/', 303);
  const { db } = c.get('deps');
  const accounts = await listStaffAccounts(db, session.actor);
  const names = bureauNames(db);
  const bureaus = session.actor.bureauId === null ? [...names.keys()] : bureauScope(db, session.actor.bureauId);
  return c.html(
    <Layout title="账号管理" session={session}>
      <h1>工作人员账号</h1>
      <Flash ok={c.req.query('ok')} error={c.req.query('error')} />
      <section class="card">
        <h2>新建账号</h2>
        <p class="note">新账号得到一次性密码，首次登录须修改。只能为本局及下级人社局开设账号。</p>
        <PostForm action="/accounts" session={session}>
          <label>
            用户名（字母、数字、_ . -）
            <input name="username" required pattern="[A-Za-z0-9_.\-]{2,40}" title="2 至 40 个字母、数字或 _ . -" />
          </label>
          <label>
            姓名
            <input name="displayName" required maxlength={50} />
          </label>
          <label>
            角色
            <select name="role">
              {STAFF_ROLES.map((r) => (
                <option value={r}>{ROLE[r]}</option>
              ))}
            </select>
          </label>
          <label>
            所属人社局
            <select name="bureauId">
              {bureaus.map((b) => (
                <option value={b}>{names.get(b) ?? b}</option>
              ))}
            </select>
          </label>
          <button type="submit">开设账号</button>
        </PostForm>
      </section>
      <table class="stack">
        <thead>
          <tr>
            <th>用户名</th>
            <th>姓名</th>
            <th>角色</th>
            <th>所属人社局</th>
            <th>状态</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr>
              <td data-label="用户名" class="code">
                {a.username}
              </td>
              <td data-label="姓名">{a.displayName}</td>
              <td data-label="角色">{ROLE[a.role]}</td>
              <td data-label="所属人社局">{names.get(a.bureauId ?? '') ?? a.bureauId}</td>
              <td data-label="状态">{state(a)}</td>
              <td>
                {a.username !== session.actor.username && <AccountActions session={session} username={a.username} disabled={a.disabled} back="/accounts" />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>,
  );
});

accountPages.post('/accounts', async (c) => {
  const session = c.get('session');
  if (!session) return c.redirect('/', 303);
  const form = (await c.req.parseBody()) as Form;
  const { db } = c.get('deps');
  try {
    const role = str(form, 'role') as Role;
    if (!STAFF_ROLES.includes(role)) throw new JianchaError('invalid-input', '请选择工作人员的角色', 'choose a staff role');
    const made = await createUser(db, session.actor, {
      username: str(form, 'username'),
      displayName: str(form, 'displayName') || undefined,
      role,
      bureauId: str(form, 'bureauId'),
    });
    const bureau = bureauNames(db).get(str(form, 'bureauId')) ?? '';
    noStore(c);
    return c.html(
      <Letters session={session} back="/accounts" count={1}>
        <StaffLetter name={str(form, 'displayName') || made.username} bureau={bureau} roleName={ROLE[role]} username={made.username} password={made.password} />
      </Letters>,
    );
  } catch (err) {
    if (!(err instanceof JianchaError)) throw err;
    return c.redirect(`/accounts?error=${encodeURIComponent(err.zh)}`, 303);
  }
});

accountPages.post('/accounts/:username/reset', async (c) => {
  const session = c.get('session');
  if (!session) return c.redirect('/', 303);
  const form = (await c.req.parseBody()) as Form;
  const back = localPath(str(form, 'back'), '/');
  const { db } = c.get('deps');
  try {
    const { username, password } = await resetPassword(db, session.actor, c.req.param('username'));
    noStore(c);
    return c.html(
      <Letters session={session} back={back} count={1}>
        <StaffLetter name={username} username={username} password={password} reset />
      </Letters>,
    );
  } catch (err) {
    if (!(err instanceof JianchaError)) throw err;
    return backWith(c, back, 'error', err.zh);
  }
});

accountPages.post('/accounts/:username/disabled', async (c) => {
  const session = c.get('session');
  if (!session) return c.redirect('/', 303);
  const form = (await c.req.parseBody()) as Form;
  const back = localPath(str(form, 'back'), '/');
  try {
    const done = await setAccountDisabled(c.get('deps').db, session.actor, c.req.param('username'), str(form, 'disabled') === '1');
    return backWith(c, back, 'ok', done.disabled ? `已停用 ${done.username}，其登录已全部退出` : `已启用 ${done.username}`);
  } catch (err) {
    if (!(err instanceof JianchaError)) throw err;
    return backWith(c, back, 'error', err.zh);
  }
});

accountPages.get('/campaigns/:id/accounts', async (c) => {
  const session = c.get('session');
  if (!session) return c.redirect('/', 303);
  const { db, registry } = c.get('deps');
  const id = Number(c.req.param('id')) || 0;
  const campaign = getCampaign(db, session.actor, id);
  const q = c.req.query('q') ?? '';
  const summary = await campaignAccounts(db, session.actor, id, q);
  const plugin = registry.get(campaign.plugin);
  const names = bureauNames(db);
  const back = `/campaigns/${id}/accounts${q ? `?q=${encodeURIComponent(q)}` : ''}`;
  return c.html(
    <Layout title="用人单位账号" session={session}>
      <p>
        <a href={`/campaigns/${id}`}>
          ← {plugin.manifest.name} {campaign.year}年度
        </a>
      </p>
      <h1>用人单位账号</h1>
      <Flash ok={c.req.query('ok')} error={c.req.query('error')} />
      <section class="card">
        <p>
          本局及下级管辖的已抽取用人单位 {summary.drawn} 家，已开设账号 {summary.withAccount} 家，尚无账号 {summary.drawn - summary.withAccount} 家。
        </p>
        {summary.drawn > summary.withAccount && (
          <PostForm action={`/campaigns/${id}/accounts`} session={session} class="inline">
            <label>
              本批开设（家，最多 {BATCH.max}）
              <input name="limit" type="number" min={1} max={BATCH.max} value={String(BATCH.default)} required />
            </label>
            <button type="submit">开设账号并生成通知书</button>
          </PostForm>
        )}
        <p class="note">用户名为统一社会信用代码，密码为一次性密码，只在生成的通知书上显示一次，首次登录须修改。</p>
      </section>
      <form method="get" action={`/campaigns/${id}/accounts`} class="filters list-form">
        <label>
          查找单位（名称或统一社会信用代码）
          <input name="q" value={q} />
        </label>
        <button type="submit">查找</button>
      </form>
      <table class="stack">
        <thead>
          <tr>
            <th>统一社会信用代码</th>
            <th>单位名称</th>
            <th>管辖</th>
            <th>账号</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {summary.rows.map((r) => (
            <tr>
              <td data-label="代码" class="code">
                {r.creditCode}
              </td>
              <td data-label="名称">{r.name}</td>
              <td data-label="管辖">{names.get(r.bureauId) ?? r.bureauId}</td>
              <td data-label="账号">{r.account ? `${r.account.username}（${state(r.account)}）` : '未开设'}</td>
              <td>{r.account && <AccountActions session={session} username={r.account.username} disabled={r.account.disabled} back={back} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>,
  );
});

accountPages.post('/campaigns/:id/accounts', async (c) => {
  const session = c.get('session');
  if (!session) return c.redirect('/', 303);
  const id = Number(c.req.param('id')) || 0;
  const form = (await c.req.parseBody()) as Form;
  const { db, registry } = c.get('deps');
  try {
    const campaign = getCampaign(db, session.actor, id);
    const { letters, remaining } = await createEmployerAccounts(db, session.actor, id, Number(str(form, 'limit')));
    noStore(c);
    return c.html(
      <Letters session={session} back={`/campaigns/${id}/accounts`} count={letters.length} remaining={remaining}>
        <EmployerLetters db={db} registry={registry} campaign={campaign} letters={letters} origin={publicOrigin(c)} />
      </Letters>,
    );
  } catch (err) {
    if (!(err instanceof JianchaError)) throw err;
    return c.redirect(`/campaigns/${id}/accounts?error=${encodeURIComponent(err.zh)}`, 303);
  }
});

/** The letters page: a warning on screen that the passwords are shown once; on paper, the letters only. */
function Letters(props: { session: Session; back: string; count: number; remaining?: number; children: Child }) {
  return (
    <Layout title="账号通知书" session={props.session}>
      <section class="card screen-only">
        <p class="warning">
          已生成 {props.count} 份账号通知书。一次性密码只在本页显示这一次，不会保存：请现在打印（Ctrl+P），每份一页。
          {props.remaining ? ` 还有 ${props.remaining} 家尚无账号，可返回继续开设下一批。` : ''}
        </p>
        <p>
          <a href={props.back}>返回</a>
        </p>
      </section>
      <div class="letters">{props.children}</div>
    </Layout>
  );
}

function StaffLetter(props: { name: string; bureau?: string; roleName?: string; username: string; password: string; reset?: boolean }) {
  return (
    <article class="letter">
      <h2>{props.reset ? '密码重置通知' : '账号开设通知'}</h2>
      <p>
        {props.name}
        {props.bureau && `（${props.bureau}${props.roleName}）`}：
      </p>
      <dl>
        <dt>用户名</dt>
        <dd class="code">{props.username}</dd>
        <dt>一次性密码</dt>
        <dd class="code password">{props.password}</dd>
      </dl>
      <p>
        登录后须立即修改密码（至少 10 个字符，不得包含用户名）。
        {props.reset && '原有的登录已全部退出。'}
      </p>
    </article>
  );
}
