/**
 * One employer in a campaign: its declaration, review, rectifications, grade and letters. Bureau
 * staff work here; an employer account sees this page for itself only (the services refuse others).
 */
import { citingNotice } from '../../core/noticeCitation.ts';
import { Hono, type Context } from 'hono';
import { and, eq } from 'drizzle-orm';
import { schema } from '../../core/db/index.ts';
import { listRectifications, reviewComments } from '../../core/services/reviews.ts';
import { campaignEmployer } from '../../core/services/population.ts';
import type { AppEnv } from '../context.ts';
import { pageContext, REVIEW_STATUS } from './campaignPages.tsx';
import { DateInput, Flash, Layout, PostForm } from './layout.tsx';
import { may } from '../../core/policy.ts';
import { declarationDeadline } from '../../core/services/declarationDeadline.ts';
import { MAX_UPLOAD_BYTES, uploadState } from '../../core/services/uploads.ts';
import type { DocumentItem } from '../../core/decisions/documents.ts';
import { Checklist, Deadline, Supervision } from './employerSections.tsx';
import { DocumentList } from './documentList.tsx';
import { planOf } from '../../core/services/supervision.ts';
import { FormErrors, postedTo, typed } from './posted.tsx';
import { ReviewForm } from './reviewForm.tsx';
import { ApprovalForm, ApprovalHistory } from './approvalForm.tsx';
import { GradeOptions } from './gradeOptions.tsx';
import { numberFields } from '../../core/declarationForm.ts';

export const employerPage = new Hono<AppEnv>();

const PHASE_STATUS: Record<string, string> = { open: '待整改', submitted: '已提交整改', verified: '已核实' };

/** The page; also shown again by a refused form of it, with what was typed (posted.tsx). */
export const showEmployer = async (c: Context<AppEnv, '/campaigns/:id/employers/:code'>) => {
  const p = pageContext(c);
  if (!p) return c.redirect('/', 303);
  const { session, db, campaign, plugin } = p;
  const { employer, bureauId } = campaignEmployer(db, session.actor, campaign, c.req.param('code'));
  const key = (t: typeof schema.declarations | typeof schema.reviews | typeof schema.grades) =>
    and(eq(t.campaignId, campaign.id), eq(t.employerId, employer.id));
  const declaration = db.select().from(schema.declarations).where(key(schema.declarations)).get();
  const review = db.select().from(schema.reviews).where(key(schema.reviews)).get();
  const grade = db.select().from(schema.grades).where(key(schema.grades)).get();
  const rectifications = listRectifications(db, session.actor, campaign.id).filter((r) => r.creditCode === employer.creditCode);
  const { role } = session.actor;
  const bureauStaff = role !== 'employer';
  const mayChange = role === 'employer' || session.actor.bureauId === null || session.actor.bureauId === bureauId;
  const base = `/campaigns/${campaign.id}/employers/${employer.creditCode}`;
  // a refused declaration comes back with what was typed (posted.tsx)
  const declared = postedTo(c, `${base}/declaration`);
  const items = plugin.reviewItems();
  const scale = plugin.gradeScale();
  const open = campaign.status === 'drawn' && review?.status !== 'approved';
  const uploads = declaration && (await uploadState(db, session.actor, campaign.id, employer.creditCode));
  const plan = campaign.status === 'published' ? planOf(db, session.actor, campaign, scale, employer.creditCode) : undefined;
  return c.html(
    <Layout title={employer.name} session={session}>
      <p>
        <a href={`/campaigns/${campaign.id}`}>
          ← {plugin.manifest.name} {campaign.year}年度
        </a>
      </p>
      <h1>{employer.name}</h1>
      <p class="code">
        {employer.creditCode}　管辖：{plugin.bureau(bureauId ?? '')?.name ?? '—'}
      </p>
      <Flash {...p.flash} />
      <DocumentList
        campaignId={campaign.id}
        employer={employer.creditCode}
        documents={[
          { name: 'checklist', label: '书面材料清单', shown: true },
          { name: 'reviewForm', label: '书面审查表', shown: true },
          // only with an approved review whose disposition it is (core/services/forms.ts)
          { name: 'rectificationAdvice', label: '处理建议书', shown: review?.disposition === 'rectificationAdvice' && Boolean(review.approvedAt) },
          {
            name: 'lowGradeNotice',
            label: `拟评${scale.level(grade?.grade ?? '')?.print}书面告知书`,
            shown: scale.needsNotice(grade?.grade) && campaign.status !== 'graded',
          },
        ].filter((d) => d.shown)}
      />

      <section class="card">
        <h2>申报</h2>
        {declaration ? (
          <dl>
            <dt>申报日期</dt>
            <dd>
              {declaration.submittedOn}（截止 {declaration.dueDate}）{declaration.late && <strong class="error"> 逾期</strong>}
              {declaration.lateExcuse && `，逾期理由：${declaration.lateExcuse}`}
            </dd>
            <dt>花名册</dt>
            <dd>{declaration.roster.length}人</dd>
          </dl>
        ) : (
          <>
            <p>尚未申报。</p>
            {campaign.status === 'drawn' && <Deadline deadline={declarationDeadline(campaign)} />}
          </>
        )}
        {open && mayChange && (
          <PostForm action={`${base}/declaration`} session={session}>
            <FormErrors posted={declared} />
            {numberFields(plugin).map(({ name, label }) => (
              <label>
                {label}
                <input
                  name={name}
                  type="number"
                  min="0"
                  value={typed(declared, name) ?? String((declaration?.basics as Record<string, unknown> | undefined)?.[name] ?? '')}
                />
              </label>
            ))}
            <label>
              花名册（每行：工号,姓名）
              <textarea name="roster" rows={6} required>
                {typed(declared, 'roster') ?? declaration?.roster.map((r) => `${r.id},${r.name}`).join('\n') ?? ''}
              </textarea>
            </label>
            {bureauStaff && (
              <label>
                收件日期（纸质申报，早于今天须写明补录理由）
                <DateInput name="submittedOn" value={typed(declared, 'submittedOn')} />
              </label>
            )}
            {bureauStaff && (
              <label>
                补录理由
                <input name="submittedOnReason" value={typed(declared, 'submittedOnReason')} />
              </label>
            )}
            {bureauStaff && (
              <label>
                逾期的正当理由（如认可）
                <input name="lateExcuse" value={typed(declared, 'lateExcuse')} />
              </label>
            )}
            <button type="submit">{declaration ? '更正申报' : '提交申报'}</button>
          </PostForm>
        )}
      </section>

      {declaration && uploads && (
        <Checklist
          checklist={declaration.checklist as DocumentItem[]}
          staff={declaration.staffSample}
          uploads={uploads}
          base={base}
          files={`/api/campaigns/${campaign.id}/employers/${employer.creditCode}/uploads`}
          session={session}
          mayUpload={open && mayChange && may(session.actor, 'upload.submit', campaign.plugin)}
          maxBytes={MAX_UPLOAD_BYTES}
        />
      )}

      <section class="card">
        <h2>书面审查</h2>
        {review?.outcome ? (
          <>
            <p>
              结果：<strong>{{ pass: '合格', basicPass: '基本合格', fail: '不合格', onsiteCheck: '需实地核查' }[review.outcome]}</strong>　状态：
              {REVIEW_STATUS[review.status]}
            </p>
            {review.reasons.map((r) => (
              <p>
                {r.reason}
                <br />
                <span class="basis">{citingNotice(r.basis, plugin, campaign.settings)}</span>
              </p>
            ))}
            <ul>
              {review.findings.map((f) => (
                <li>
                  {items.find((i) => i.item === f.item)?.text ?? f.item}（{f.severity === 'penalty' ? '应予处罚' : '轻微'}）{f.note && `：${f.note}`}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>尚未录入审查结果。</p>
        )}
        {campaign.status === 'drawn' && bureauStaff && mayChange && review?.status !== 'approved' && (
          <ReviewForm action={`${base}/review`} session={session} items={items} recorded={review} posted={postedTo(c, `${base}/review`)} />
        )}
        {bureauStaff && review && <ApprovalHistory entries={reviewComments(db, review.id)} />}
        {review?.status === 'recorded' && may(session.actor, 'review.approve', campaign.plugin) && mayChange && (
          <ApprovalForm action={`${base}/approval`} session={session} posted={postedTo(c, `${base}/approval`)} />
        )}
      </section>

      {rectifications.length > 0 && (
        <section class="card">
          <h2>整改</h2>
          <table class="stack">
            <thead>
              <tr>
                <th>问题</th>
                <th>期限</th>
                <th>状态</th>
                <th>整改情况</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {rectifications.map((r) => (
                <tr>
                  <td data-label="问题">
                    {items.find((i) => i.item === r.item)?.text ?? r.item}
                    {r.note && `：${r.note}`}
                  </td>
                  <td data-label="期限">
                    {r.dueDate}
                    {r.overdue && <strong class="error"> 逾期</strong>}
                  </td>
                  <td data-label="状态">{PHASE_STATUS[r.status]}</td>
                  <td data-label="整改情况">{r.evidence ?? ''}</td>
                  <td>
                    {r.status === 'open' && mayChange && (
                      <PostForm action={`${base}/rectifications/${r.id}`} session={session} class="inline">
                        <input name="evidence" placeholder="整改情况说明" required />
                        <button type="submit" name="status" value="submitted">
                          提交整改
                        </button>
                      </PostForm>
                    )}
                    {r.status === 'submitted' && bureauStaff && mayChange && (
                      <PostForm action={`${base}/rectifications/${r.id}`} session={session} class="inline">
                        <button type="submit" name="status" value="verified">
                          核实通过
                        </button>
                        <button type="submit" name="status" value="open">
                          退回
                        </button>
                      </PostForm>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {grade && (
        <section class="card">
          <h2>守法诚信等级</h2>
          <p class={`grade grade-${grade.grade ?? 'none'}`}>
            {grade.graded ? `${scale.label(grade.grade)} ${grade.label ?? ''}` : (grade.label ?? scale.notGraded.label)}（
            {{ preliminary: '初评', changed: '已变更', published: '已公布' }[grade.status]}）
          </p>
          {grade.reasons.map((r) => (
            <p>
              {r.reason}
              <br />
              <span class="basis">{citingNotice(r.basis, plugin, campaign.settings)}</span>
            </p>
          ))}
          {grade.graded && bureauStaff && mayChange && ['graded', 'publicity'].includes(campaign.status) && (
            <PostForm action={`${base}/grade-change`} session={session} class="inline">
              <FormErrors posted={postedTo(c, `${base}/grade-change`)} />
              <select name="toGrade" aria-label="变更为">
                <GradeOptions scale={scale} selected={typed(postedTo(c, `${base}/grade-change`), 'toGrade')} />
              </select>
              <input name="reason" placeholder="变更理由" required value={typed(postedTo(c, `${base}/grade-change`), 'reason')} />
              <button type="submit">提出等级变更</button>
            </PostForm>
          )}
          {grade.graded && campaign.status === 'publicity' && mayChange && (
            <PostForm action={`${base}/objection`} session={session} class="inline">
              <input name="text" placeholder="异议理由" required />
              <button type="submit">提出异议</button>
            </PostForm>
          )}
        </section>
      )}
      {plan && <Supervision plan={plan} year={campaign.year + 1} />}
    </Layout>,
  );
};
employerPage.get('/campaigns/:id/employers/:code', showEmployer);
