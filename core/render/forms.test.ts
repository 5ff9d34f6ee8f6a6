/**
 * The forms of the review and the grading, rendered from their data with both regions' plugins:
 * what each says, that it prints as an official document, that bad data is named, not printed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { isWorkingDay, workingDaysBetween } from '../calendar.ts';
import { Decider } from '../decide.ts';
import { JianchaError } from '../errors.ts';
import { loadRegistry, projectRoot } from '../registry.ts';
import { DOCUMENTS, renderDocument, type DocumentInput } from './documents.ts';
import { toDocx } from './docx.ts';
import type { FormData, GradeListData } from './formData.ts';
import { formSamples } from './samples.ts';

const registry = await loadRegistry();
const decider = new Decider(registry);
const PLUGINS = ['chongqing-jiangjin', 'xinjiang-changji'] as const;
const ISSUERS = { 'chongqing-jiangjin': '重庆市江津区人力资源和社会保障局', 'xinjiang-changji': '昌吉回族自治州人力资源和社会保障局' };
const settingsOf = (id: string) => JSON.parse(readFileSync(join(projectRoot, 'plugins', id, 'campaign.example.json'), 'utf8'));
const input = (plugin: string, data?: FormData[keyof FormData], extra: Partial<DocumentInput> = {}): DocumentInput => ({
  plugin: registry.get(plugin),
  settings: settingsOf(plugin),
  data,
  ...extra,
});
const textOf = (html: string) => parse(html).querySelector('article')!.text.replace(/\s+/g, '');
/** A form's table as label → value: each th with the td after it. */
function fields(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const tr of parse(html).querySelectorAll('table.fields tr')) {
    const cells = tr.querySelectorAll('th,td');
    for (let i = 0; i + 1 < cells.length; i += 2) out.set(cells[i].text.replace(/\s+/g, ''), cells[i + 1].text.trim());
  }
  return out;
}

// 江津's own samples (plugins/chongqing-jiangjin/samples.json), printed by both regions' templates
const FORM_SAMPLES = formSamples(registry.get('chongqing-jiangjin'));
const { reviewForm, rectificationAdvice: advice, lowGradeNotice: cNotice, gradeList: publicity, patrolPlan: plan } = FORM_SAMPLES;
const employer = reviewForm.employer;

describe.each(PLUGINS)('the forms of %s', (plugin) => {
  it('all print as official documents: issuer mark, red rule, title, A4 print styles, 成文日期 in Chinese', async () => {
    const forms: [keyof FormData, FormData[keyof FormData], string][] = [
      ['reviewForm', reviewForm, '劳动保障监察书面审查表'],
      ['rectificationAdvice', advice, '劳动保障监察书面审查处理建议书'],
      ['lowGradeNotice', cNotice, '企业劳动保障守法诚信等级拟评C级书面告知书'],
      ['gradeList', publicity, '2023年度企业劳动保障守法诚信等级评价结果公示名单'],
      ['patrolPlan', plan, '2024年度劳动保障监察巡视检查计划'],
    ];
    for (const [name, data, heading] of forms) {
      const { html } = await renderDocument(decider, name, input(plugin, data, { date: '2024-09-20' }));
      const article = parse(html).querySelector('article.official')!;
      if (name === 'reviewForm') {
        // the employer fills the 审查表 in and seals it: not the bureau's letterhead
        expect(article.querySelector('.issuer-mark'), name).toBeNull();
        expect(article.querySelector('hr.red-rule'), name).toBeNull();
      } else {
        expect(article.querySelector('.issuer-mark')!.text, name).toBe(ISSUERS[plugin]);
        expect(article.querySelector('hr.red-rule'), name).not.toBeNull();
      }
      expect(article.querySelector('h1.doc-title')!.text.replace(/\s+/g, ''), name).toBe(heading);
      expect(html, name).toContain('@page { size: A4; margin: 37mm 26mm 35mm 28mm; }');
      // the review form is signed and dated by the employer, by hand
      const signature = article.querySelector('.signature')!.text;
      expect(signature, name).toMatch(name === 'reviewForm' ? /用人单位（盖章）/ : new RegExp(`${ISSUERS[plugin]}\\s*2024年9月20日`));
    }
  });

  it('the review form is filled in from the declaration; what is not declared stays blank', async () => {
    const { html, title } = await renderDocument(decider, 'reviewForm', input(plugin, reviewForm));
    expect(title).toBe('重庆市江津区恒信机械制造有限公司劳动保障监察书面审查表');
    const f = fields(html);
    expect(Object.fromEntries(f)).toMatchObject({
      单位名称: '重庆市江津区恒信机械制造有限公司',
      统一社会信用代码: '91500116MA5U8XYZ1K',
      审查年度: `${settingsOf(plugin).year}年度`,
      职工人数: '86人',
      养老保险参保人数: '80人',
      // 0 is a value, not a blank
      失业保险参保人数: '0人',
      有无瞒报工资总额和人数情况: '无',
      有无违反工资支付规定的情况: '有',
      有无违反工作时间规定的情况: '',
      是否受到过劳动保障监察行政处理或行政处罚: '否',
      每月支付工资总额: '452,300.50元',
      每月支付工资日期: '每月15日',
      工时制度: '综合计算工时工作制',
      联系人: '张三',
      联系电话: '',
    });
  });

  it('the review form leaves the bureau its opinion, the result to tick as its rules give them, and the signatures of the reviewer and the head who approves', async () => {
    const { html } = await renderDocument(decider, 'reviewForm', input(plugin, reviewForm));
    const f = fields(html);
    // 江津通知 三、（一）3: 提出审查合格、基本合格或者不合格的处理建议，提交劳动保障监察机构负责人审批后形成本次审查结果;
    // 昌吉通知 五、（二）: 书面资料审核为合格或不合格 … 暂时不能确定结果的需安排实地核查
    expect(f.get('审查意见')).toBe(
      plugin === 'chongqing-jiangjin' ? '审查结果：□合格　□基本合格　□不合格　□需实地核查' : '审查结果：□合格　□不合格　□实地核查',
    );
    expect(f.get('审查人员（签字）')).toBe('年　月　日');
    expect(f.get(plugin === 'chongqing-jiangjin' ? '监察机构负责人审批（签字）' : '负责人审批（签字）')).toBe('年　月　日');
  });

  it('the rectification advice lists the findings, the result and the deadline', async () => {
    const { html, title } = await renderDocument(decider, 'rectificationAdvice', input(plugin, advice));
    expect(title).toBe('重庆市江津区恒信机械制造有限公司劳动保障监察书面审查处理建议书');
    const rows = parse(html)
      .querySelectorAll('tbody tr')
      .map((tr) => tr.querySelectorAll('td').map((td) => td.text.trim()));
    expect(rows).toEqual([
      ['1', '用人单位支付工资和执行最低工资标准的情况', '抽中人员2023年5月工资发放表未经本人签字确认', '《工资支付暂行规定》第六条'],
      // no note: the finding's weight as 江津通知 三、（一）4 words it (用人单位有轻微违法行为的)
      ['2', '用人单位遵守工作时间和休息休假规定的情况', '有轻微违法行为', '《中华人民共和国劳动法》第四十一条'],
    ]);
    const text = textOf(html);
    expect(text).toContain('重庆市江津区恒信机械制造有限公司：');
    expect(text).toContain('审查结果：基本合格。处理意见：下达书面审查处理建议书。');
    // the rules cite 江津's notice by a short name; the letter cites the campaign's notice by its title
    // (昌吉's plugin knows no such short name for 江津's notice and prints the basis as given)
    const notice =
      plugin === 'chongqing-jiangjin'
        ? '《关于做好2023年度劳动保障监察书面审查和企业劳动保障守法诚信等级评价工作的通知》'
        : '《江津区2023年度书面审查和守法诚信等级评价通知》';
    expect(text).toContain(`指导和督促整改。依据：${notice}三、（一）4。`);
    expect(text).toContain('请于2024年12月31日前完成整改');
    // dated the day of the review when no date is given
    expect(parse(html).querySelector('.signature')!.text).toContain('2024年8月26日');
  });

  it('the C-grade notice names the facts, cites the national and the regional basis, gives the remedies and a 送达回证', async () => {
    // 公示不少于5个工作日 (江津通知 四、（二）): Monday 5 to Friday 9 August 2024
    expect(isWorkingDay(cNotice.objectionFrom) && workingDaysBetween(cNotice.objectionFrom, cNotice.objectionTo) + 1).toBe(5);
    const { html } = await renderDocument(decider, 'lowGradeNotice', input(plugin, cNotice));
    const text = textOf(html);
    const regional = {
      'chongqing-jiangjin': '《重庆市企业劳动保障守法诚信等级评价暂行办法》（渝人社发〔2016〕212号）',
      'xinjiang-changji': '《新疆维吾尔自治区企业劳动保障守法诚信等级评价实施办法》',
    }[plugin];
    expect(text).toContain(`根据《企业劳动保障守法诚信等级评价办法》（人社部规〔2016〕1号）、${regional}的规定`);
    expect(text).toContain('江津区人力社保局诚信告〔2024〕1号');
    // 对C级企业的认定要审慎、精准，做到事实清楚、依据充分 (江津通知 二、（三）): each reason with the record it rests on
    expect(text).toContain(
      '（一）因劳动保障违法行为被查处三次以上（含三次）。事实：据年度劳动保障监察记录，查处次数：3。依据：《企业劳动保障守法诚信等级评价办法》（人社部规〔2016〕1号）第七条。',
    );
    // a reason that already ends its sentence gets no second full stop
    expect(text).toContain('（二）拒不履行劳动保障监察限期整改指令、行政处理决定或者行政处罚决定的。事实：据年度劳动保障监察记录，拒不履行：是。依据：');
    // 陈述申辩 within 5 working days of receipt: issued Monday 5 August 2024, served that day, until Monday 12 August
    expect(text).toContain(
      `（一）陈述申辩。你单位可自收到本告知书之日起5个工作日内（本告知书于2024年8月5日送达的，至2024年8月12日止），以书面形式向${ISSUERS[plugin]}进行陈述和申辩，并提供相关证据材料。`,
    );
    expect(text).toContain(`（二）异议。你单位可在拟评价结果公示期内（2024年8月5日至2024年8月9日），以书面形式向${ISSUERS[plugin]}提出异议`);
    expect(parse(html).querySelector('.signature')!.text).toContain('2024年8月5日');
    // the 送达回证 on a page of its own, naming the letter by its 文号
    const receipt = parse(html).querySelector('table.receipt')!;
    expect(receipt.previousElementSibling!.text).toBe('送达回证');
    expect(receipt.text.replace(/\s+/g, '')).toContain('送达文书企业劳动保障守法诚信等级拟评C级书面告知书（江津区人力社保局诚信告〔2024〕1号）');
    expect(receipt.text).toContain('受送达人签名或盖章');
  });

  it('the C-grade notice cites what asks for it where the region’s notice does', async () => {
    const text = textOf((await renderDocument(decider, 'lowGradeNotice', input(plugin, cNotice))).html);
    // 江津通知 四、（二）：对拟评为C级的企业应按规定进行书面告知; 昌吉's notice has no such clause
    const asks = '“对拟评为C级的企业应按规定进行书面告知”的要求';
    if (plugin === 'chongqing-jiangjin')
      expect(text).toContain(`依照《关于做好2023年度劳动保障监察书面审查和企业劳动保障守法诚信等级评价工作的通知》四、（二）${asks}`);
    else expect(text).not.toContain(asks);
  });

  it('the publicity list groups the grades A, B, C with their counts', async () => {
    const { html, title } = await renderDocument(decider, 'gradeList', input(plugin, publicity));
    expect(title).toBe('2023年度企业劳动保障守法诚信等级评价结果公示名单');
    const text = textOf(html);
    expect(text).toContain('公示期为2024年9月2日至2024年9月6日');
    expect(text).toContain('本次共评价企业6家，其中A级3家，B级2家，C级1家。');
    const doc = parse(html);
    expect(doc.querySelectorAll('h2').map((h) => h.text)).toEqual(['一、A级企业（3家）', '二、B级企业（2家）', '三、C级企业（1家）']);
    const tables = doc.querySelectorAll('table').map((t) => t.querySelectorAll('tbody tr').map((tr) => tr.querySelectorAll('td').map((td) => td.text)));
    expect(tables).toEqual([
      [
        ['1', '江津第2公司', '91500116MA5U00002X', 'A级'],
        ['2', '江津第4公司', '91500116MA5U00004X', 'A级'],
        ['3', '江津第6公司', '91500116MA5U00006X', 'A级'],
      ],
      [
        ['1', '江津第1公司', '91500116MA5U00001X', 'B级'],
        ['2', '江津第5公司', '91500116MA5U00005X', 'B级'],
      ],
      [['1', '江津第3公司', '91500116MA5U00003X', 'C级']],
    ]);
  });

  it('the publication list has no objection period and leaves out a grade nobody has', async () => {
    const data: GradeListData = { kind: 'publication', year: 2023, publishedOn: '2024-09-20', rows: publicity.rows.filter((r) => r.grade !== 'C') };
    const { html, title } = await renderDocument(decider, 'gradeList', input(plugin, data));
    expect(title).toBe('2023年度企业劳动保障守法诚信等级评价结果公布名单');
    const text = textOf(html);
    expect(text).toContain('现将2023年度企业劳动保障守法诚信等级评价结果予以公布');
    expect(text).not.toContain('公示期');
    expect(text).toContain('本次共评价企业5家，其中A级3家，B级2家，C级0家。');
    expect(
      parse(html)
        .querySelectorAll('h2')
        .map((h) => h.text),
    ).toEqual(['一、A级企业（3家）', '二、B级企业（2家）']);
    // dated the day the grades were published, not the day it is printed
    expect(parse(html).querySelector('.signature')!.text).toContain('2024年9月20日');
  });

  it('a publication list without its date is refused', async () => {
    const data = { kind: 'publication', year: 2023, rows: publicity.rows };
    const err = await renderDocument(decider, 'gradeList', input(plugin, data as GradeListData)).catch((e) => e);
    expect(err.details.map((d: { pointer: string }) => d.pointer)).toContain('/publishedOn');
  });

  it('the patrol plan lists each grade’s employers a line each, the grade’s measures in the rules’ words and an employer’s own under its name', async () => {
    const { html, title } = await renderDocument(decider, 'patrolPlan', input(plugin, plan));
    expect(title).toBe('2024年度劳动保障监察巡视检查计划');
    expect(html).not.toContain('landscape');
    const text = textOf(html);
    // 江津通知 四、（三）：于9月23日前将正式公布文件……报市人力社保局备案; the plan runs from publication to the end of 本年度
    expect(text).toContain('根据2023年度企业劳动保障守法诚信等级评价结果（2024年9月20日公布）');
    expect(text).toContain('计划期自2024年9月23日至2024年12月31日');
    expect(text).toContain('本计划共列入用人单位5家，其中A级2家，B级1家，C级2家；计划巡视检查3次。');
    const doc = parse(html);
    expect(doc.querySelectorAll('h2').map((h) => h.text)).toEqual(['一、A级企业（2家）', '二、B级企业（1家）', '三、C级企业（2家）']);
    // 四、（四）3.分类监管：对评为A级的企业，除有举报投诉外，原则上不纳入本年度主动巡查范围 — 江津's words for its A grade
    expect(text).toContain('监管措施：除有举报投诉外，原则上不纳入本年度主动巡查范围；评价结果推送政府信用平台');
    expect(text).toContain('按每年4次安排，本计划期内计划巡视检查2次。');
    const tables = doc.querySelectorAll('table').map((t) => t.querySelectorAll('tbody tr').map((tr) => tr.querySelectorAll('td').map((td) => td.text.trim())));
    expect(tables).toEqual([
      [
        ['1', '江津第3公司（连续3年评为A级，可授予“劳动保障守法诚信企业”铭牌）', '91500116MA5U00003X', '—'],
        ['2', '江津第5公司', '91500116MA5U00005X', '—'],
      ],
      [['1', '江津第2公司', '91500116MA5U00002X', '10月15日']],
      [
        ['1', '江津第1公司', '91500116MA5U00001X', '11月12日'],
        ['2', '江津第4公司（存在重大劳动保障违法等严重失信行为，严格按照有关规定进行信用信息推送，实施联合惩戒）', '91500116MA5U00004X', '10月9日'],
      ],
    ]);
    expect(doc.querySelector('.signature')!.text).toContain('2024年9月20日');
  });

  it('a patrol date on or before the publication is refused, naming it', async () => {
    const early = { ...plan, rows: [{ ...plan.rows[0], dates: ['2024-09-20', '2024-11-12'] }] };
    const err = await renderDocument(decider, 'patrolPlan', input(plugin, early)).catch((e) => e);
    expect(err).toBeInstanceOf(JianchaError);
    expect(err.details).toEqual([expect.objectContaining({ pointer: '/rows/0/dates/0', zh: '巡视检查日期 2024-09-20 不在等级公布（2024-09-20）之后' })]);
  });
});

describe('the 重庆江津 review form is its notice’s attachment', () => {
  it('in the attachment’s order, with the same fields as the common form', async () => {
    const jiangjin = [...fields((await renderDocument(decider, 'reviewForm', input('chongqing-jiangjin', reviewForm))).html).keys()];
    const common = [...fields((await renderDocument(decider, 'reviewForm', input('xinjiang-changji', reviewForm))).html).keys()];
    expect(jiangjin.slice(6, 14)).toEqual([
      '养老保险参保人数',
      '医疗保险参保人数',
      '工伤保险参保人数',
      '失业保险参保人数',
      '有无瞒报工资总额和人数情况',
      '有无违反工资支付规定的情况',
      '有无违反工作时间规定的情况',
      '是否受到过劳动保障监察行政处理或行政处罚',
    ]);
    expect(common).not.toEqual(jiangjin);
    // what the employer fills in; the bureau's part names the head who approves as each notice does
    const employerPart = (keys: string[]) => keys.slice(0, keys.indexOf('审查意见')).sort();
    expect(employerPart(common)).toEqual(employerPart(jiangjin));
  });
});

describe('forms are strict about their data and escape it', () => {
  const hostile = { ...employer, name: '<script>alert(1)</script>' };

  it.each<[keyof FormData, FormData[keyof FormData]]>([
    ['reviewForm', { ...reviewForm, employer: hostile }],
    ['rectificationAdvice', { ...advice, employer: hostile }],
    ['lowGradeNotice', { ...cNotice, employer: hostile }],
    ['gradeList', { ...publicity, rows: [{ ...publicity.rows[0], name: hostile.name }] }],
    ['patrolPlan', { ...plan, rows: [{ ...plan.rows[0], name: hostile.name }] }],
  ])('an employer named <script> stays text in the %s', async (name, data) => {
    const { html } = await renderDocument(decider, name, input('chongqing-jiangjin', data));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('a form without data is an error naming the form', async () => {
    const err = await renderDocument(decider, 'lowGradeNotice', input('xinjiang-changji')).catch((e) => e);
    expect(err).toBeInstanceOf(JianchaError);
    expect(err.code).toBe('invalid-input');
    expect(err.message).toMatch(/拟评等级书面告知书（lowGradeNotice）须提供数据.*the lowGradeNotice form needs its data/);
  });

  it.each([
    ['rectificationAdvice', { ...advice, findings: undefined }, '/findings'],
    ['rectificationAdvice', { ...advice, dueDate: '2024-12-32' }, '/dueDate'],
    ['gradeList', { ...publicity, from: undefined }, '/from'],
    ['gradeList', { ...publicity, rows: [{ ...publicity.rows[0], grade: 'D' }] }, '/rows/0/grade'],
    ['patrolPlan', { ...plan, rows: [{ ...plan.rows[0], measures: '重点监管' }] }, '/rows/0/measures'],
  ])('%s data that breaks its shape is named before anything is printed (%#)', async (name, data, pointer) => {
    const err = await renderDocument(decider, name, input('chongqing-jiangjin', data as never)).catch((e) => e);
    expect(err).toBeInstanceOf(JianchaError);
    expect(err.code).toBe('invalid-input');
    expect(err.details.map((d: { pointer: string }) => d.pointer)).toContain(pointer);
    expect(err.zh).toContain(pointer);
  });

  it.each([
    ['chongqing-jiangjin', 'templates/chongqing-jiangjin/partials/reviewSheet.hbs'],
    ['xinjiang-changji', 'templates/common/partials/reviewSheet.hbs'],
  ])('a missing variable in %s is an error naming its template', async (plugin, template) => {
    const settings = settingsOf(plugin);
    delete settings.year;
    const err = await renderDocument(decider, 'reviewForm', { ...input(plugin, reviewForm), settings }).catch((e) => e);
    expect(err).toBeInstanceOf(JianchaError);
    expect(err.message).toContain(`模板 ${template} `);
    expect(err.message).toContain('“year”没有值');
  });

  it('a campaign’s override of a form is strict too', async () => {
    const overrides = { rectificationAdvice: '<p>{{employer.legalRepresentative}}</p>' };
    await expect(renderDocument(decider, 'rectificationAdvice', input('chongqing-jiangjin', advice, { overrides }))).rejects.toThrow(
      /模板 campaign override rectificationAdvice .*“legalRepresentative”没有值/,
    );
  });

  it('a campaign’s override calling a helper there is none of is refused where it calls it, even in a branch this form skips', async () => {
    const overrides = { rectificationAdvice: '<p>{{employer.name}}</p>\n{{#if employer.none}}{{stamp employer.name}}{{/if}}' };
    const err = await renderDocument(decider, 'rectificationAdvice', input('chongqing-jiangjin', advice, { overrides })).catch((e) => e);
    expect(err).toBeInstanceOf(JianchaError);
    expect(err.zh).toBe('模板 campaign override rectificationAdvice 第 2 行第 21 列：没有辅助函数“stamp”');
  });

  it('an unknown document lists every known one', async () => {
    const err = await renderDocument(decider, 'gradeXNotice', input('chongqing-jiangjin')).catch((e) => e);
    expect(err).toBeInstanceOf(JianchaError);
    expect(DOCUMENTS).toEqual(['notice', 'checklist', 'reviewForm', 'rectificationAdvice', 'lowGradeNotice', 'gradeList', 'patrolPlan']);
    for (const name of DOCUMENTS) expect(err.en).toContain(name);
  });
});

describe('the .docx of a form', () => {
  it('turns a page to landscape where its template does, and keeps the compact patrol plan portrait, as they print', async () => {
    const pageOf = async (name: 'patrolPlan' | 'rectificationAdvice', data: FormData[keyof FormData], overrides?: Record<string, string>) => {
      const { html, title } = await renderDocument(decider, name, input('chongqing-jiangjin', data, { overrides }));
      const xml = await (await JSZip.loadAsync(await toDocx(html, title))).file('word/document.xml')!.async('string');
      const size = /<w:pgSz ([^>]*)\/>/.exec(xml)![1];
      return { landscape: size.includes('w:orient="landscape"'), width: Number(/w:w="(\d+)"/.exec(size)![1]), height: Number(/w:h="(\d+)"/.exec(size)![1]) };
    };
    const plan = await pageOf('patrolPlan', FORM_SAMPLES.patrolPlan);
    expect(plan.landscape).toBe(false);
    expect(plan.width).toBeLessThan(plan.height);
    const turned = await pageOf('rectificationAdvice', FORM_SAMPLES.rectificationAdvice, {
      rectificationAdvice: '<style>@page { size: A4 landscape; margin: 28mm 37mm 26mm 35mm; }</style><p>{{employer.name}}</p>',
    });
    expect(turned.landscape).toBe(true);
    expect(turned.width).toBeGreaterThan(turned.height);
  });

  it('opens and holds the advice’s text and its findings as a Word table', async () => {
    const { html, title } = await renderDocument(decider, 'rectificationAdvice', input('chongqing-jiangjin', advice));
    const zip = await JSZip.loadAsync(await toDocx(html, title));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('重庆市江津区人力资源和社会保障局');
    expect(xml).toContain('劳动保障监察书面审查处理建议书');
    expect(xml).toContain('请于2024年12月31日前完成整改');
    expect(xml).toMatch(/<w:tbl>[\s\S]*抽中人员2023年5月工资发放表未经本人签字确认[\s\S]*<\/w:tbl>/);
    expect(xml).toContain('2024年8月26日');
    // the print styles are not text
    expect(xml).not.toContain('@page');
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain(title);
  });
});
