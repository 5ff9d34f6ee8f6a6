/**
 * Creating a campaign: a form made from the region's campaign schema (schemaForm.tsx), Chinese titles,
 * filled from the region's example campaign, the caller's own bureau chosen; the server checks it as
 * the API does (createCampaign: the schema, the sampling bounds, the order of the dates) and a refusal
 * shows the form again with what was typed and each error at its field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { JianchaError } from '../../core/errors.ts';
import { today } from '../../core/facts.ts';
import type { Plugin } from '../../core/plugin.ts';
import { requireStep } from '../../core/policy.ts';
import { bureauScope } from '../../core/services/bureaus.ts';
import { createCampaign } from '../../core/services/campaign.ts';
import type { Db } from '../../core/db/index.ts';
import type { AppEnv } from '../context.ts';
import type { Session } from '../sessions.ts';
import { refused } from './actions.tsx';
import { Layout, PostForm } from './layout.tsx';
import { FormErrors, type Form, postedTo, str, typed } from './posted.tsx';
import { type Field, readFields, SchemaField, schemaFields } from './schemaForm.tsx';

export const newCampaign = new Hono<AppEnv>();

const ACTION = '/campaigns';

/** The regions the caller may create a campaign in: those with a schema and an example, and a bureau of its jurisdiction. */
export function creatable(db: Db, session: Session, plugins: Plugin[]): Plugin[] {
  return plugins.filter((pl) => pl.campaignSchema && pl.manifest.exampleCampaign && bureausFor(db, session, pl).length);
}

function bureausFor(db: Db, session: Session, plugin: Plugin) {
  const scope = session.actor.bureauId === null ? undefined : bureauScope(db, session.actor.bureauId);
  return plugin.bureaus().filter((b) => !scope || scope.includes(b.id));
}

const example = (plugin: Plugin): Record<string, unknown> => JSON.parse(readFileSync(join(plugin.dir, plugin.manifest.exampleCampaign!), 'utf8'));

/** A stratum's ratio field is named by the sampling rule that takes it, with the rule's bounds. */
function stratumLabel(plugin: Plugin) {
  const rules = plugin.declares('sampling') ? (plugin.effectiveRuleset('sampling', today())?.rules ?? []) : [];
  return (_key: string, stratum: string) => {
    const params = rules.find((r) => r.event?.type === 'stratum' && r.event.params?.stratum === stratum)?.event?.params as
      | { reason?: string; bounds?: { min?: number; max?: number } }
      | undefined;
    return { label: params?.reason ?? stratum, min: params?.bounds?.min ?? 0, max: params?.bounds?.max ?? 1 };
  };
}

/** The form's fields: the schema's properties but the year, which is the campaign's own field. */
function fieldsOf(plugin: Plugin): Field[] {
  const schema = plugin.campaignSchema as Parameters<typeof schemaFields>[0];
  return schemaFields(schema, example(plugin), '/settings', stratumLabel(plugin)).filter((f) => f.name !== 's.year');
}

function pluginOf(c: Context<AppEnv>, id: string): Plugin {
  const session = c.get('session')!;
  const { db, registry } = c.get('deps');
  const plugin = creatable(db, session, registry.list()).find((pl) => pl.id === id);
  if (!plugin) throw new JianchaError('not-found', `没有可以新建活动的地区“${id}”`, `no region "${id}" to create a campaign in`);
  return plugin;
}

/** The order of the dates, by the first the schema orders: 日期须前后有序，如「网上申报截止日期」应晚于「通知成文日期」. */
function OrderHint(props: { fields: Field[] }) {
  const label = (name: string) => props.fields.find((f) => f.name === name)?.label ?? name;
  const first = props.fields.find((f) => f.after?.length);
  if (!first?.after) return null;
  return (
    <>
      日期须前后有序，如「{first.label}」应晚于「{label(first.after[0])}」。
    </>
  );
}

/** The form page; shown again by a refused post with what was typed. */
function showForm(c: Context<AppEnv>): Response | Promise<Response> {
  const session = c.get('session');
  if (!session) return c.redirect('/', 303);
  const posted = postedTo(c, ACTION);
  const plugin = pluginOf(c, typed(posted, 'plugin') ?? c.req.query('plugin') ?? '');
  requireStep(session.actor, 'campaign.create', plugin.id);
  const bureaus = bureausFor(c.get('deps').db, session, plugin);
  const bureau = typed(posted, 'bureau') ?? (bureaus.some((b) => b.id === session.actor.bureauId) ? session.actor.bureauId : plugin.owner());
  const fields = fieldsOf(plugin);
  const yearErrors = (posted?.error.details ?? []).filter((d) => d.pointer === '/settings/year' || d.pointer === '/year');
  return c.html(
    <Layout title="新建活动" session={session}>
      <p>
        <a href="/">← 活动</a>
      </p>
      <h1>新建活动：{plugin.manifest.name}</h1>
      <section class="card">
        <p class="note">
          已按本地区的示例活动填写，请逐项核对后创建。
          <OrderHint fields={fields} />
        </p>
        <PostForm action={ACTION} session={session}>
          <FormErrors posted={posted} />
          <input type="hidden" name="plugin" value={plugin.id} />
          <label>
            组织单位
            <select name="bureau" required>
              {bureaus.map((b) => (
                <option value={b.id} selected={b.id === bureau}>
                  {b.name}
                </option>
              ))}
            </select>
          </label>
          <label class={yearErrors.length ? 'invalid' : undefined}>
            被审查年度
            <input name="year" type="number" step="1" required value={typed(posted, 'year') ?? String(example(plugin).year ?? '')} />
            {yearErrors.map((e) => (
              <span class="error">{e.zh}</span>
            ))}
          </label>
          <div class="schema-form">
            {fields.map((f) => (
              <SchemaField field={f} posted={posted} />
            ))}
          </div>
          <button type="submit">创建活动</button>
        </PostForm>
      </section>
    </Layout>,
  );
}

newCampaign.get('/campaigns/new', showForm);

newCampaign.post(ACTION, async (c) => {
  const session = c.get('session');
  if (!session) return c.redirect('/', 303);
  const form = (await c.req.parseBody()) as Form;
  const { db, registry } = c.get('deps');
  try {
    const plugin = pluginOf(c, str(form, 'plugin'));
    const year = Number(str(form, 'year'));
    if (!Number.isInteger(year) || year < 1000)
      throw new JianchaError('invalid-input', '请填写被审查年度', 'the reviewed year is missing', [
        { pointer: '/year', zh: '「被审查年度」应当是四位数的年份', en: 'must be a year' },
      ]);
    const settings = readFields(fieldsOf(plugin), form);
    // the schema's year is the campaign's, typed once
    if ((plugin.campaignSchema?.properties as Record<string, unknown> | undefined)?.year) settings.year = year;
    const created = await createCampaign(db, registry, session.actor, { plugin: plugin.id, year, bureau: str(form, 'bureau'), settings });
    return c.redirect(`/campaigns/${created.id}?ok=${encodeURIComponent(`已创建活动 ${created.id}`)}`, 303);
  } catch (err) {
    if (!(err instanceof JianchaError)) throw err;
    return refused(c, form, err, showForm);
  }
});
