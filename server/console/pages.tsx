/** The console's front: log in and out, the campaigns the caller may see, the registry import. */
import { Hono } from 'hono';
import { JianchaError } from '../../core/errors.ts';
import { listCampaigns } from '../../core/services/campaign.ts';
import type { AppEnv } from '../context.ts';
import { changeOwnPassword, login, logout } from '../routes/session.ts';
import { FileInput, Flash, Layout, PostForm, STATUS } from './layout.tsx';
import type { Session } from '../sessions.ts';
import type { Plugin } from '../../core/plugin.ts';
import { may, whoMay } from '../../core/policy.ts';
import { creatable } from './newCampaign.tsx';

export const consolePages = new Hono<AppEnv>();

function LoginForm(props: { error?: string; username?: string }) {
  return (
    <section class="card narrow">
      <h1>登录</h1>
      {props.error && <p class="error">{props.error}</p>}
      <form method="post" action="/login">
        <label>
          用户名
          <input name="username" autocomplete="username" required value={props.username} />
        </label>
        <label>
          密码
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit">登录</button>
      </form>
    </section>
  );
}

consolePages.get('/', async (c) => {
  const session = c.get('session');
  if (!session)
    return c.html(
      <Layout title="登录" session={null}>
        <LoginForm />
      </Layout>,
    );
  const { db, registry } = c.get('deps');
  const campaigns = await listCampaigns(db, session.actor);
  return c.html(
    <Layout title="活动" session={session}>
      <h1>书面审查与等级评价活动</h1>
      <table>
        <thead>
          <tr>
            <th>编号</th>
            <th>地区</th>
            <th>年度</th>
            <th>组织单位</th>
            <th>进度</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((k) => (
            <tr>
              <td>
                <a href={session.actor.role === 'employer' ? `/campaigns/${k.id}/employers/${session.actor.creditCode}` : `/campaigns/${k.id}`}>{k.id}</a>
              </td>
              <td>{registry.get(k.plugin).manifest.name}</td>
              <td>{k.year}年度</td>
              <td>{registry.get(k.plugin).bureau(k.bureauId)?.name ?? k.bureauId}</td>
              <td>{STATUS[k.status] ?? k.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {campaigns.length === 0 && <p>本辖区还没有活动。</p>}
      {may(session.actor, 'accounts') && (
        <p>
          <a href="/accounts">工作人员账号管理</a>
        </p>
      )}
      <Flash ok={c.req.query('ok')} error={c.req.query('error')} />
      {may(session.actor, 'campaign.create') && <NewCampaign plugins={creatable(db, session, registry.list())} />}
      {session.actor.role !== 'employer' && !may(session.actor, 'registry.import') && <p class="note">{whoMay('registry.import')}。</p>}
      {may(session.actor, 'registry.import') && (
        <section class="card">
          <h2>导入用人单位登记册</h2>
          <p>
            CSV 或
            XLSX，首行为列名：统一社会信用代码、单位名称、单位类型、注册地行政区划代码、行业代码、职工人数、劳务派遣用工、上年度等级……全部成功才导入，错误逐行逐列列出；只导入本局及下级辖区的用人单位，文件中没有的列保留原值。
          </p>
          <PostForm action="/registry/import" session={session} upload>
            {session.actor.bureauId === null && (
              <label>
                地区
                <select name="region" required>
                  {registry
                    .list()
                    .filter((pl) => pl.manifest.bureaus?.length)
                    .map((pl) => (
                      <option value={pl.id}>{pl.manifest.name}</option>
                    ))}
                </select>
              </label>
            )}
            <FileInput name="file" accept=".csv,.xlsx" label="用人单位登记册文件" />
            <button type="submit">导入</button>
          </PostForm>
        </section>
      )}
    </Layout>,
  );
});

/** The regions the caller may open a campaign in, each to its form (newCampaign.tsx). */
function NewCampaign(props: { plugins: Plugin[] }) {
  if (!props.plugins.length) return null;
  return (
    <section class="card">
      <h2>新建活动</h2>
      <ul>
        {props.plugins.map((pl) => (
          <li>
            <a href={`/campaigns/new?plugin=${encodeURIComponent(pl.id)}`}>新建{pl.manifest.name}活动</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

consolePages.post('/login', async (c) => {
  const body = await c.req.parseBody();
  try {
    const session = await login(c, String(body.username ?? ''), String(body.password ?? ''));
    return c.redirect(session.passwordChangeRequired ? '/password' : '/', 303);
  } catch (err) {
    if (!(err instanceof JianchaError)) throw err;
    return c.html(
      <Layout title="登录" session={null}>
        <LoginForm error={err.zh} username={String(body.username ?? '')} />
      </Layout>,
      err.code === 'unauthorized' ? 401 : 403,
    );
  }
});

consolePages.post('/logout', (c) => {
  logout(c);
  return c.redirect('/', 303);
});

function PasswordForm(props: { session: Session; required: boolean; error?: string }) {
  return (
    <section class="card narrow">
      <h1>修改密码</h1>
      {props.required && <p>您使用的是一次性密码，请先设置自己的密码（至少 10 个字符，不含用户名）。</p>}
      {props.error && <p class="error">{props.error}</p>}
      <PostForm action="/password" session={props.session}>
        <label>
          当前密码
          <input name="current" type="password" autocomplete="current-password" required />
        </label>
        <label>
          新密码
          <input name="new" type="password" autocomplete="new-password" minlength={10} required />
        </label>
        <label>
          再次输入新密码
          <input name="repeat" type="password" autocomplete="new-password" minlength={10} required />
        </label>
        <button type="submit">修改密码</button>
      </PostForm>
    </section>
  );
}

consolePages.get('/password', (c) => {
  const session = c.get('session');
  if (!session) return c.redirect('/', 303);
  return c.html(
    <Layout title="修改密码" session={session}>
      <PasswordForm session={session} required={session.passwordChangeRequired} />
    </Layout>,
  );
});

/** Change one's password; every other session of the account ends, this browser gets a new one. */
consolePages.post('/password', async (c) => {
  const session = c.get('session');
  if (!session) return c.redirect('/', 303);
  const body = await c.req.parseBody();
  try {
    if (body.new !== body.repeat) throw new JianchaError('invalid-input', '两次输入的新密码不一致', 'the new passwords differ');
    await changeOwnPassword(c, String(body.current ?? ''), String(body.new ?? ''));
    return c.redirect(`/?ok=${encodeURIComponent('密码已修改')}`, 303);
  } catch (err) {
    if (!(err instanceof JianchaError)) throw err;
    return c.html(
      <Layout title="修改密码" session={session}>
        <PasswordForm session={session} required={session.passwordChangeRequired} error={err.zh} />
      </Layout>,
      422,
    );
  }
});
