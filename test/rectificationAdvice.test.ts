/**
 * The 处理建议书 from a campaign's records (issue 13, item 1): issued only where the approved review's
 * disposition is rectification advice (江津通知 三、（一）4: 用人单位有轻微违法行为的，下达《劳动保障监察书面审查处理建议书》),
 * each finding with its review item, its problem and its basis, dated the day the result was
 * approved, citing the campaign's own notice. The 江津 demo's clerk and head record and approve its
 * first reviews from the synthetic findings.
 */
import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { Decider } from '../core/decide.ts';
import { openDatabase } from '../core/db/index.ts';
import { JianchaError } from '../core/errors.ts';
import { loadRegistry } from '../core/registry.ts';
import { actorFor, localAdministrator } from '../core/services/actor.ts';
import { seedDemo } from '../core/services/demo.ts';
import { demoAccounts, demoTeams } from '../core/services/demoData.ts';
import { renderCampaignDocument } from '../core/services/forms.ts';
import { recordReview } from '../core/services/reviews.ts';
import { syncBureaus } from '../core/services/bureaus.ts';
import { createUser } from '../core/services/users.ts';

const registry = await loadRegistry();
const decider = new Decider(registry);
const db = openDatabase(':memory:');
await syncBureaus(db, registry);
const admin = await localAdministrator(db);
for (const a of demoAccounts(registry)) await createUser(db, admin, a);
const [jiangjin] = await seedDemo(db, decider, admin, { employers: 150, staff: await demoTeams(registry, (username) => actorFor(db, username)) });
const clerk = await actorFor(db, 'jiangjin');

interface Row {
  code: string;
  disposition: string;
  approvedAt: string | null;
  findings: string;
}
const reviews = db.$client
  .prepare(
    'SELECT e.credit_code AS code, r.disposition, r.approved_at AS approvedAt, r.findings FROM reviews r JOIN employers e ON e.id = r.employer_id WHERE r.campaign_id = ? AND r.outcome IS NOT NULL',
  )
  .all(jiangjin) as Row[];
// the drawn employers whose review is not recorded yet
const unrecorded = db.$client
  .prepare('SELECT e.credit_code FROM reviews r JOIN employers e ON e.id = r.employer_id WHERE r.campaign_id = ? AND r.outcome IS NULL')
  .pluck()
  .all(jiangjin) as string[];
const advice = (code: string) => renderCampaignDocument(db, decider, clerk, jiangjin, 'rectificationAdvice', code);

describe('the 处理建议书 from the records', () => {
  it('lists each finding with its review item, problem and basis, dated the day the head approved, citing the campaign notice', async () => {
    const advised = reviews.find((r) => r.disposition === 'rectificationAdvice' && r.approvedAt);
    expect(advised).toBeDefined();
    const html = parse((await advice(advised!.code)).html);
    const findings = JSON.parse(advised!.findings) as { item: string; note?: string }[];
    const items = registry.get('chongqing-jiangjin').reviewItems();
    const rows = html.querySelectorAll('tbody tr').map((tr) => tr.querySelectorAll('td').map((td) => td.text));
    expect(rows).toEqual(
      findings.map((f, i) => {
        const item = items.find((x) => x.item === f.item)!;
        return [String(i + 1), item.text, f.note ?? '有轻微违法行为', item.basis];
      }),
    );
    const [y, m, d] = advised!.approvedAt!.slice(0, 10).split('-').map(Number);
    expect(html.querySelector('.signature')!.text).toContain(`${y}年${m}月${d}日`);
    expect(html.text).toContain('依据：《关于做好2023年度劳动保障监察书面审查和企业劳动保障守法诚信等级评价工作的通知》三、（一）4');
    expect(html.text).not.toContain('《江津区2023年度书面审查和守法诚信等级评价通知》');
  });

  it.each([
    ['none', '无需处理'],
    ['caseFiling', '立案查处'],
  ])('is refused for a review whose disposition is %s (%s)', async (disposition, label) => {
    const review = reviews.find((r) => r.disposition === disposition);
    expect(review).toBeDefined();
    const err = await advice(review!.code).catch((e) => e);
    expect(err).toBeInstanceOf(JianchaError);
    expect(err.code).toBe('conflict');
    expect(err.message).toContain(`审查处理意见为“${label}”，不下达书面审查处理建议书`);
  });

  // reviews are recorded while the campaign is drawn: the demo ran its grading, so step back before it
  const reopen = () => db.$client.prepare("UPDATE campaigns SET status = 'drawn' WHERE id = ?").run(jiangjin);

  it('is refused before a head approves the result (三、（一）3: 提交劳动保障监察机构负责人审批后形成本次审查结果)', async () => {
    reopen();
    // a minor finding of a unit that declared in time: rectification advice, once approved
    let code: string | undefined;
    for (const c of unrecorded) {
      const recorded = await recordReview(db, decider, clerk, jiangjin, c, { findings: [{ item: 'wages', severity: 'minor' }] });
      if (recorded.disposition === 'rectificationAdvice') {
        code = c;
        break;
      }
    }
    expect(code).toBeDefined();
    const err = await advice(code!).catch((e) => e);
    expect(err).toBeInstanceOf(JianchaError);
    expect(err.message).toContain('审查结果尚未经负责人审批');
  });

  it('a finding must name one of the region’s review items (江津 has no employmentFiling item)', async () => {
    reopen();
    const err = await recordReview(db, decider, clerk, jiangjin, unrecorded.at(-1)!, { findings: [{ item: 'employmentFiling', severity: 'minor' }] }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(JianchaError);
    expect(err.details).toEqual([expect.objectContaining({ pointer: '/findings/0/item' })]);
    expect(err.message).toContain('审查事项不在本地区的审查内容中：employmentFiling');
  });
});
