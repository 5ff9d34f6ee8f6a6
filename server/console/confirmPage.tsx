/**
 * The confirmation of a step that cannot be undone: the step's form asks here first (a GET, carrying
 * what was typed), the page shows what the step will do in counts (core/services/stepPreview.ts) and
 * posts the step with `confirmed=1`; the step's handler sends an unconfirmed post back here.
 */
import { Hono, type Context } from 'hono';
import { today } from '../../core/facts.ts';
import { policyOf, type Step } from '../../core/policy.ts';
import { isPreviewed, previewStep, type PreviewedStep } from '../../core/services/stepPreview.ts';
import type { AppEnv } from '../context.ts';
import type { Session } from '../sessions.ts';
import { DateInput, Layout, PostForm } from './layout.tsx';
import { FormErrors, postedTo, typed } from './posted.tsx';

export const confirmPage = new Hono<AppEnv>();

/** Each previewed step's action under /campaigns/:id, and the fields its form carries. */
export const CONFIRMED: Record<PreviewedStep, { action: string; fields: string[] }> = {
  assign: { action: 'assign', fields: [] },
  draw: { action: 'draw', fields: ['seed'] },
  grading: { action: 'grading', fields: [] },
  publicity: { action: 'publicity', fields: ['from'] },
  publish: { action: 'publication', fields: [] },
  'campaign.delete': { action: 'delete', fields: [] },
};

const FIELD_NAMES: Record<string, string> = { seed: '公布的随机种子', from: '公示开始日期' };

/** Where a step's form goes first: the confirmation, with the fields typed so far. */
export function confirmUrl(campaignId: number, step: PreviewedStep, values: Record<string, string> = {}): string {
  const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== ''));
  const q = query.toString();
  return `/campaigns/${campaignId}/confirm/${step}${q ? `?${q}` : ''}`;
}

/** A step's button: it opens the confirmation rather than doing the step. */
export function ConfirmForm(props: { campaignId: number; step: PreviewedStep; children: unknown; class?: string }) {
  return (
    <form method="get" action={`/campaigns/${props.campaignId}/confirm/${props.step}`} class={props.class}>
      {props.children}
    </form>
  );
}

/**
 * The confirmation of `step`; also shown again by the step's refused post (posted.tsx), with the
 * error and the date or seed typed, so a clerk corrects it where it was typed.
 */
export function confirmationOf(step: PreviewedStep) {
  return async (c: Context<AppEnv>) => {
    const session: Session | null = c.get('session');
    if (!session) return c.redirect('/', 303);
    const { db, registry } = c.get('deps');
    const id = Number(c.req.param('id')) || 0;
    const preview = await previewStep(db, registry, session.actor, id, step);
    const { action, fields } = CONFIRMED[step];
    const posted = postedTo(c, `/campaigns/${id}/${action}`);
    const name = policyOf(step as Step).zh;
    return c.html(
      <Layout title={`确认${name}`} session={session}>
        <h1>确认{name}</h1>
        <section class="card">
          <ul>
            {preview.facts.map((f) => (
              <li>{f}</li>
            ))}
          </ul>
          {preview.warnings.length > 0 && (
            <ul class="error">
              {preview.warnings.map((w) => (
                <li>{w}</li>
              ))}
            </ul>
          )}
          <p class="note">{preview.final}。</p>
          <PostForm action={`/campaigns/${id}/${action}`} session={session} class="inline">
            <FormErrors posted={posted} />
            {fields.map((f) => {
              const value = typed(posted, f) ?? c.req.query(f) ?? '';
              // one label per kind of control: the linter checks each label's control where it is written
              return f === 'from' ? (
                <label>
                  {FIELD_NAMES[f]}
                  <DateInput name={f} value={value} min={today()} />
                </label>
              ) : (
                <label>
                  {FIELD_NAMES[f]}
                  <input name={f} value={value} required />
                </label>
              );
            })}
            <input type="hidden" name="confirmed" value="1" />
            <button type="submit">确认{name}</button>
          </PostForm>
          <p>
            <a href={`/campaigns/${id}`}>返回，不{name}</a>
          </p>
        </section>
      </Layout>,
    );
  };
}

confirmPage.get('/campaigns/:id/confirm/:step', (c: Context<AppEnv>) => {
  const step = c.req.param('step') ?? '';
  if (!isPreviewed(step)) return c.redirect(`/campaigns/${Number(c.req.param('id')) || 0}?error=${encodeURIComponent(`步骤“${step}”无需确认`)}`, 303);
  return confirmationOf(step)(c);
});
