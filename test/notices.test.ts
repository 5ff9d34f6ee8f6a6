/**
 * The two notices in docs/notices/ reproduced from the example campaign settings and the
 * plugins' rules, compared section by section on normalised text (whitespace and punctuation
 * removed: the source files are transcriptions whose spacing and brackets vary).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { type HTMLElement, parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { Decider } from '../core/decide.ts';
import { JianchaError } from '../core/errors.ts';
import { loadRegistry, projectRoot } from '../core/registry.ts';
import { renderDocument } from '../core/render/documents.ts';
import { toDocx } from '../core/render/docx.ts';
import { formSamples } from '../core/render/samples.ts';
import { createRenderer, validateOverride } from '../core/render/render.ts';
import { fixtureProject } from './fixtures/project.ts';

const registry = await loadRegistry();
const decider = new Decider(registry);
const settingsOf = (id: string) => JSON.parse(readFileSync(join(projectRoot, 'plugins', id, 'campaign.example.json'), 'utf8'));
const source = (file: string) => readFileSync(join(projectRoot, 'docs', 'notices', file), 'utf8');
const HEADINGS = ['一、', '二、', '三、', '四、', '五、', '六、'];

/** Split at the top-level headings (一、 to 六、 at the start of a line), then normalise each part. */
function sections(text: string): string[] {
  const parts = text.split(new RegExp(`\\n\\s*(?=(?:${HEADINGS.join('|')}))`));
  return parts.map((p) => p.replace(/[\s\p{P}\p{S}]+/gu, ''));
}
/**
 * The article as a reader sees it: without the script that places the 版记 (and, where the source has
 * none, the 版记; where its transcription lost the attachment's layout, the attachment's page).
 */
function renderedText(html: string, { imprint = true, attachment = true } = {}): string {
  const article = parse(html).querySelector('article')!;
  for (const el of article.querySelectorAll(imprint ? 'script' : 'script, .imprint')) el.remove();
  const pageBreak = article.querySelector('.page-break');
  if (!attachment && pageBreak) {
    const siblings = article.childNodes;
    for (const node of siblings.slice(siblings.indexOf(pageBreak))) node.remove();
  }
  return article.structuredText;
}

describe('the 重庆江津 2023 notice', async () => {
  const { html } = await renderDocument(decider, 'notice', { plugin: registry.get('chongqing-jiangjin'), settings: settingsOf('chongqing-jiangjin') });
  // the transcription lost the numbers of the first three documents (items 4 to 7 keep theirs) and
  // the 版记, and the attachment (the review form) is a document of its own
  const original = source('chongqing-jiangjin-2023-review-notice.txt')
    .replace('如下：\n劳动保障监察书面材料审查表', '如下：\n1.劳动保障监察书面材料审查表')
    .replace('\n企业登记证照', '\n2.企业登记证照')
    .replace('\n企业劳动用工规章制度', '\n3.企业劳动用工规章制度')
    .split('\n\t附件')[0];
  const expected = sections(original);
  const actual = sections(renderedText(html, { imprint: false, attachment: false }));

  it('has the same sections', () => {
    expect(actual).toHaveLength(expected.length);
  });

  it.each(expected.map((text, i) => [i, text] as const))('section %i matches word for word', (i, text) => {
    expect(actual[i]).toBe(text);
  });

  it('includes the attachment it announces, 《劳动保障监察书面材料审查表》（见附件）, on a page of its own before the 版记', async () => {
    const article = parse(html).querySelector('article')!;
    const after = article.childNodes.slice(article.childNodes.indexOf(article.querySelector('.page-break')!));
    const attachment = parse(after.map((n) => n.toString()).join(''));
    expect(attachment.querySelector('p.attachment-label')!.text).toBe('附件');
    expect(attachment.querySelector('h1')!.text).toBe('劳动保障监察书面审查表');
    // the region's 审查表 (core/render/forms.test.ts checks it in the seed attachment's order), blank to fill in
    const sample = formSamples(registry.get('chongqing-jiangjin')).reviewForm;
    const form = await renderDocument(decider, 'reviewForm', {
      plugin: registry.get('chongqing-jiangjin'),
      settings: settingsOf('chongqing-jiangjin'),
      data: sample,
    });
    const labels = (root: HTMLElement) => root.querySelectorAll('th').map((th) => th.text.replace(/\s+/g, ''));
    expect(labels(attachment)).toEqual(labels(parse(form.html)));
    expect(attachment.querySelector('td')!.text).toBe('');
    // 版记 last, after the attachment (GB/T 9704: 附件…在版记之前)
    expect(attachment.querySelector('.imprint')).not.toBeNull();
  });
});

describe('the 新疆昌吉 2024 notice (昌州人社发〔2025〕4号) with its attachment', async () => {
  const { html } = await renderDocument(decider, 'notice', { plugin: registry.get('xinjiang-changji'), settings: settingsOf('xinjiang-changji') });
  const expected = sections(source('xinjiang-changji-2024-review-notice.txt'));
  const actual = sections(renderedText(html));

  it('has the same sections', () => {
    expect(actual).toHaveLength(expected.length);
  });

  it.each(expected.map((text, i) => [i, text] as const))('section %i matches word for word', (i, text) => {
    expect(actual[i]).toBe(text);
  });

  it('prints like an official document: 发文机关标志, 发文字号, 成文日期 in Chinese, A4 with GB/T 9704 margins', () => {
    expect(parse(html).querySelector('.issuer-mark')!.text).toBe('昌吉回族自治州人力资源和社会保障局文件');
    expect(html).toContain('<div class="doc-number">昌州人社发〔2025〕4号</div>');
    expect(html).toContain('2025年3月3日');
    expect(html).toContain('@page { size: A4; margin: 37mm 26mm 35mm 28mm; }');
    expect(html).not.toMatch(/https?:\/\/(?!222\.82)/);
  });
});

describe('rules, not the template, decide what the notice lists', () => {
  const noticeOf = async (from: typeof registry, id: string) =>
    (await renderDocument(new Decider(from), 'notice', { plugin: from.get(id), settings: settingsOf(id) })).html;

  it('a changed ratio in the sampling rules changes the notice', async () => {
    const p = fixtureProject({ copyReal: true });
    p.edit('rulesets/chongqing-jiangjin/sampling.json', (r) => {
      r.rules.find((x: { name: string }) => x.name === 'stratum-a').event.params.bounds.max = 0.05;
    });
    const changed = await loadRegistry(p.root);
    const { html } = await renderDocument(new Decider(changed), 'notice', {
      plugin: changed.get('chongqing-jiangjin'),
      settings: settingsOf('chongqing-jiangjin'),
    });
    expect(html).toContain('按照A级企业不高于5%、B级企业不高于50%、C级企业不低于95%的比例');
  });

  it('a key industry removed from the sampling rule leaves the notice and the draw’s reason', async () => {
    // 江津通知 三、（一）1：「同时，对人力资源服务、建筑、交通运输、互联网平台4个重点行业的企业进行审查」
    const p = fixtureProject({ copyReal: true });
    p.edit('rulesets/chongqing-jiangjin/sampling.json', (r) => {
      const rule = r.rules.find((x: { name: string }) => x.name === 'key-industry');
      rule.event.params.industries = rule.event.params.industries.filter((i: string) => i !== '互联网平台');
      const codes = rule.conditions.all.find((c: { fact: string }) => c.fact === 'industryCode');
      codes.value = codes.value.filter((code: string) => code !== '643');
    });
    const changed = await loadRegistry(p.root);
    const { html } = await renderDocument(new Decider(changed), 'notice', {
      plugin: changed.get('chongqing-jiangjin'),
      settings: settingsOf('chongqing-jiangjin'),
    });
    expect(html).toContain('同时，对人力资源服务、建筑、交通运输3个重点行业的企业进行审查');
    expect(html).not.toContain('互联网平台');
    const drawn = await new Decider(changed).decide('chongqing-jiangjin', 'sampling', {
      unitType: 'enterprise',
      industryCode: '4710',
      lastGrade: 'B',
      headcount: 20,
    });
    expect(drawn.result.reasons.map((r) => r.reason)).toContain('对人力资源服务、建筑、交通运输3个重点行业的企业进行审查');
  });

  it('the rectification due date of the settings stands in the notice, 年底 for the year’s end', async () => {
    const registry = await loadRegistry();
    const notice = async (settings: Record<string, unknown>) =>
      (
        await renderDocument(new Decider(registry), 'notice', {
          plugin: registry.get('chongqing-jiangjin'),
          settings: { ...settingsOf('chongqing-jiangjin'), ...settings },
        })
      ).html;
    // 江津通知 三、（一）4：「用人单位的整改工作原则上应在年底前全部完成」 (the example's 2024-12-31)
    expect(await notice({})).toContain('用人单位的整改工作原则上应在年底前全部完成。');
    expect(await notice({ rectificationDue: '2024-11-15' })).toContain('用人单位的整改工作原则上应在2024年11月15日前全部完成。');
    expect(await notice({ rectificationDue: '2024-11-30' })).toContain('原则上应在2024年11月底前全部完成。');
  });

  it('the months of the 江津 documents follow their rules’ months', async () => {
    // 江津通知 三、（一）2 items 5 to 7: 「系统抽中人员2023年5、10月工资发放表（复印件）」…
    const p = fixtureProject({ copyReal: true });
    p.edit('rulesets/chongqing-jiangjin/documents.json', (r) => {
      for (const rule of r.rules.filter((x: { event: { params: { months?: number[] } } }) => x.event.params.months)) rule.event.params.months = [4, 11];
    });
    const html = await noticeOf(await loadRegistry(p.root), 'chongqing-jiangjin');
    expect(html).toContain('5.系统抽中人员2023年4、11月工资发放表（复印件）；');
    expect(html).toContain('6.系统抽中人员2023年4、11月考勤记录表（复印件）；');
    expect(html).toContain('7.2023年4、11月参加社会保险缴纳凭证（复印件）。');
    expect(html).not.toContain('5、10月');
  });

  it('the plaque’s years follow the plaque rule’s condition, in the notice and in the measure', async () => {
    // 江津通知 四、（四）2：「对连续3年评为A级的企业，可授予“劳动保障守法诚信企业”铭牌」
    const p = fixtureProject({ copyReal: true });
    p.edit('rulesets/chongqing-jiangjin/cadence.json', (r) => {
      r.rules.find((x: { name: string }) => x.name === 'plaque').conditions.all[0].value = 5;
    });
    const changed = await loadRegistry(p.root);
    const html = await noticeOf(changed, 'chongqing-jiangjin');
    expect(html).toContain('2.授牌管理。对连续5年评为A级的企业，可授予“劳动保障守法诚信企业”铭牌。');
    expect(html).not.toContain('连续3年');
    const measures = changed
      .get('chongqing-jiangjin')
      .effectiveRuleset('cadence', '2024-08-02')!
      .rules.find((r) => r.name === 'plaque')!.event!.params;
    expect(measures.measure).toBe('连续5年评为A级，可授予“劳动保障守法诚信企业”铭牌');
  });

  it('the 昌吉 staff threshold of individual businesses follows the out-of-scope rule’s condition', async () => {
    // 昌吉通知 二、（二）：「…各类企业、有3人（含3人以上）雇工的个体经济组织等用人单位，由所在县市（园区）人力资源和社会保障局负责」
    expect(await noticeOf(registry, 'xinjiang-changji')).toContain('有3人（含3人以上）雇工的个体经济组织');
    const p = fixtureProject({ copyReal: true });
    p.edit('rulesets/xinjiang-changji/jurisdiction.json', (r) => {
      const rule = r.rules.find((x: { name: string }) => x.name === 'individual-business-under-three');
      rule.conditions.all.find((c: { fact: string }) => c.fact === 'headcount').value = 5;
    });
    const changed = await loadRegistry(p.root);
    const html = await noticeOf(changed, 'xinjiang-changji');
    expect(html).toContain('各类企业、有5人（含5人以上）雇工的个体经济组织等用人单位，由所在县市（园区）人力资源和社会保障局负责');
    expect(html).not.toContain('有3人');
    const decided = await new Decider(changed).decide('xinjiang-changji', 'jurisdiction', {
      unitType: 'individualBusiness',
      headcount: 4,
      divisionCode: '652301',
    });
    expect(decided.result.reasons.map((r) => r.reason)).toContain('个体经济组织雇工不足5人，不在审查范围');
  });

  it('a changed document rule changes the 昌吉 attachment', async () => {
    const p = fixtureProject({ copyReal: true });
    p.edit('rulesets/xinjiang-changji/documents.json', (r) => {
      r.rules.find((x: { name: string }) => x.name === 'business-licence').event.params.name = '用人单位营业执照副本（电子营业执照亦可）';
    });
    const changed = await loadRegistry(p.root);
    const { html } = await renderDocument(new Decider(changed), 'notice', {
      plugin: changed.get('xinjiang-changji'),
      settings: settingsOf('xinjiang-changji'),
    });
    expect(html).toContain('1. 用人单位营业执照副本（电子营业执照亦可）；');
  });
});

describe('sentences the comparison above cannot see, verbatim with their punctuation', () => {
  // the sections are compared without punctuation, which let a comma become a full stop (江津 四、（一）)
  // and 》 become 〉 (昌吉's opening paragraph, whose seed nests 〈 in 《 and closes both with 》)
  it.each([
    ['chongqing-jiangjin', '区县管辖企业由注册地人力社保部门评价，', 'chongqing-jiangjin-2023-review-notice.txt'],
    ['xinjiang-changji', '（试行）》的通知》', 'xinjiang-changji-2024-review-notice.txt'],
  ])('%s: the sentence with 「%s」 as the seed has it', async (id, phrase, file) => {
    const sentence = source(file)
      .replace(/\s+/g, '')
      .split(/(?<=。)/)
      .find((s) => s.includes(phrase));
    expect(sentence).toBeDefined();
    const { html } = await renderDocument(decider, 'notice', { plugin: registry.get(id), settings: settingsOf(id) });
    expect(renderedText(html).replace(/\s+/g, '')).toContain(sentence);
  });
});

describe('every sentence of each seed, verbatim with its punctuation, its attachment included', () => {
  /**
   * The seed as its notice sets it: the transcription's Markdown (a list's 「- 」, a link's <…>) gone,
   * its half-width (三) as GB/T 9704 7.3.3's 第二层 （三）, and 江津's 「4、」 to 「7、」 as the 第四层's
   * 「4.」 of the items whose 1 to 3 the transcription lost (the notice numbers all seven 1. to 7.).
   */
  const asSet = (seed: string) =>
    seed
      .replace(/^\s*-\s*/gm, '')
      .replace(/<(https?:[^>]+)>/g, '$1')
      .replace(/\(([一二三四五六七八九十]+)\)/g, '（$1）')
      .replace(/^(\d)、/gm, '$1.');
  it.each([
    ['chongqing-jiangjin', 'chongqing-jiangjin-2023-review-notice.txt'],
    ['xinjiang-changji', 'xinjiang-changji-2024-review-notice.txt'],
  ])('%s: each line and sentence of %s is in the notice', async (id, file) => {
    const { html } = await renderDocument(decider, 'notice', { plugin: registry.get(id), settings: settingsOf(id) });
    const text = renderedText(html).replace(/\s+/g, '');
    const pieces = asSet(source(file))
      .split(/\n|(?<=[。；：])/)
      .map((s) => s.replace(/\s+/g, ''))
      .filter((s) => s.length > 1);
    expect(pieces.length).toBeGreaterThan(100);
    expect(pieces.filter((s) => !text.includes(s))).toEqual([]);
  });
});

describe('the 版记 (GB/T 9704 7.4) of both notices', () => {
  it.each(['chongqing-jiangjin', 'xinjiang-changji'])('%s: the last element, 印发机关 and 印发日期, 抄送 only when the campaign names it', async (id) => {
    const settings = { ...settingsOf(id) };
    delete settings.printDate;
    const plain = parse((await renderDocument(decider, 'notice', { plugin: registry.get(id), settings })).html).querySelector('article')!;
    const imprint = plain.querySelector('.imprint')!;
    expect(plain.querySelectorAll('div, p, h1, h2, h3, ol, table').at(-1)?.closest('.imprint')).toBe(imprint);
    expect(imprint.querySelector('.copy-to')).toBeNull();
    // 7.4.3: 印发日期 in full with 印发 after it; without a printDate, the notice's 成文日期
    const printed = renderedText(`<article>${imprint.toString()}</article>`);
    expect(printed).toMatch(/人力资源和社会保障局\s*\d{4}年\d{1,2}月\d{1,2}日印发$/);
    expect(printed).toContain(id === 'xinjiang-changji' ? '2025年3月3日印发' : '2024年8月2日印发');
    const copied = await renderDocument(decider, 'notice', {
      plugin: registry.get(id),
      settings: { ...settings, copyTo: ['甲局', '乙局'], printDate: '2025-03-05' },
    });
    const copy = parse(copied.html).querySelector('.imprint')!;
    // 7.4.2: 抄送 above the 印发 line, 抄送机关 separated by commas and closed by a full stop
    expect(copy.querySelectorAll('p').map((p) => p.text)).toEqual(['抄送：甲局，乙局。', expect.stringMatching(/2025年3月5日印发$/)]);
  });
});

describe('templates are strict and escape what they insert', () => {
  it('a missing setting is an error naming the template and the variable', async () => {
    const settings = { ...settingsOf('xinjiang-changji') };
    delete settings.platformUrl;
    const err = await renderDocument(decider, 'notice', { plugin: registry.get('xinjiang-changji'), settings }).catch((e) => e);
    expect(err).toBeInstanceOf(JianchaError);
    expect(err.message).toMatch(/templates\/xinjiang-changji\/notice\.hbs.*“platformUrl”没有值/);
  });

  it('an employer named <script> stays text in its checklist', async () => {
    const { html } = await renderDocument(decider, 'checklist', {
      plugin: registry.get('xinjiang-changji'),
      settings: settingsOf('xinjiang-changji'),
      employer: { name: '<script>alert(1)</script>', creditCode: '91652301MA0000001X', unitType: 'enterprise', headcount: 5 },
    });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('a campaign override is validated before it is saved', () => {
    const plugin = registry.get('xinjiang-changji');
    expect(() => validateOverride(plugin, 'notice', '<p>{{settings.nosuch}}</p>', { settings: {} })).toThrow(/“nosuch”没有值/);
    expect(() => validateOverride(plugin, 'notice', '<p>{{#if x}}</p>', { x: 1 })).toThrow(/模板 campaign override notice 有错误/);
    expect(createRenderer(plugin, { notice: '<p>{{settings.title}}</p>' }).render('notice', { settings: { title: '<b>' } })).toBe('<p>&lt;b&gt;</p>');
  });
});

describe('the checklist and the .docx', () => {
  it('lists an employer’s documents from the documents decision (附件 二、（二）3: 有劳务派遣用工的)', async () => {
    const { html } = await renderDocument(decider, 'checklist', {
      plugin: registry.get('xinjiang-changji'),
      settings: settingsOf('xinjiang-changji'),
      employer: { name: '昌吉某公司', creditCode: '91652301MA0000001X', unitType: 'enterprise', headcount: 25, usesDispatch: true },
    });
    const text = parse(html).text;
    expect(text).toContain('劳务派遣协议及派遣员工花名册');
    expect(text).toContain('2024年3、6、12月');
    expect(text).toContain('二十人以上的单位，携带各类型劳动合同文本各三份');
  });

  it('tells an employer by when, where and to which bureau, from the campaign and the rules, not the template (昌吉通知 一、二)', async () => {
    const plugin = registry.get('xinjiang-changji');
    const text = async (settings: Record<string, unknown>, divisionCode: string) =>
      parse(
        (
          await renderDocument(decider, 'checklist', {
            plugin,
            settings,
            employer: { name: '昌吉某公司', creditCode: '91652301MA0000001X', unitType: 'enterprise', headcount: 25, divisionCode },
          })
        ).html,
      ).text.replace(/\s+/g, '');
    // 一、审查、评价时间 2025年3月1日至2025年4月30日; 二、each 县市 reviews the units it registers
    const bureauOf = (division: string) => plugin.bureaus().find((b) => b.divisions?.includes(division))!;
    const settings = settingsOf('xinjiang-changji');
    const own = await text(settings, '652301');
    expect(own).toContain(`请于${settings.end.replace(/^(\d{4})-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}前完成申报并上传以上资料（${settings.platformName}）。`);
    expect(own).toContain(`审核时须携带的资料，请携带至${bureauOf('652301').name}接受审核。`);
    expect(own).toContain(`负责审查的部门：${bureauOf('652301').name}，联系电话：${bureauOf('652301').telephone}。`);
    const moved = await text({ ...settings, end: '2025-05-20' }, '652327');
    expect(moved).toContain('请于2025年5月20日前完成申报');
    expect(moved).toContain(`负责审查的部门：${bureauOf('652327').name}`);
    expect(bureauOf('652327').name).not.toBe(bureauOf('652301').name);
  });

  it('the .docx of the notice opens and holds its text in 仿宋', async () => {
    const { html, title } = await renderDocument(decider, 'notice', { plugin: registry.get('xinjiang-changji'), settings: settingsOf('xinjiang-changji') });
    const zip = await JSZip.loadAsync(await toDocx(html, title));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('昌州人社发〔2025〕4号');
    expect(xml).toContain('对于被评为C级的企业，每季度进行一次日常巡视检查');
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
  });
});
