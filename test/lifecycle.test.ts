/**
 * A bureau's year end to end through the CLI (runCli in this process), on a real SQLite file:
 * registry import, campaign, jurisdiction, the draw and its verification, year records, grading,
 * export; real processes where only one shows it (kill -9, the write lock).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '../core/creditCode.ts';
import { loadRegistry, projectRoot } from '../core/registry.ts';
import { syntheticPopulation } from '../core/synthetic.ts';
import { workspace } from './fixtures/cli.ts';

/** A registry (n synthetic employers, or a CSV), imported, with a 江津 campaign assigned and drawn from `seed`. */
async function drawnWorkspace(registry: number | string, seed = 's') {
  const w = workspace();
  writeFileSync(join(w.dir, 'e.csv'), typeof registry === 'number' ? registryCsv(registry) : registry);
  await w.run('import', 'employers', join(w.dir, 'e.csv'), '--region', 'chongqing-jiangjin');
  await w.run(
    'campaign',
    'create',
    '--plugin',
    'chongqing-jiangjin',
    '--year',
    '2023',
    '--bureau',
    'cq-jiangjin',
    '--settings',
    join(projectRoot, 'plugins/chongqing-jiangjin/campaign.example.json'),
  );
  await w.run('assign', '--campaign', '1');
  const drawn = await w.run('draw', '--campaign', '1', '--seed', seed);
  return { ...w, drawn };
}

const HEADER = '统一社会信用代码,单位名称,单位类型,注册地行政区划代码,行业代码,职工人数,劳务派遣用工,上年度等级';
function registryCsv(n: number): string {
  const rows = [HEADER];
  for (let i = 0; i < n; i++) {
    const code = makeCreditCode('91', '500116', `MA${String(i).padStart(7, '0')}`);
    const grade = ['A', 'B', 'C', ''][i % 4];
    rows.push(`${code},江津测试${i}有限公司,企业,500116,${i % 10 === 0 ? '4811' : '1311'},${5 + (i % 40)},否,${grade}`);
  }
  return `${rows.join('\n')}\n`;
}

describe('the 重庆江津 year through the CLI', () => {
  it('imports, assigns, draws within the notice ratios, verifies, grades and exports', async () => {
    const w = workspace();
    writeFileSync(join(w.dir, 'employers.csv'), registryCsv(200));
    expect((await w.run('import', 'employers', join(w.dir, 'employers.csv'), '--region', 'chongqing-jiangjin')).stdout).toMatch(
      /已导入 200 行：新增 200，更新 0/,
    );
    const settings = join(projectRoot, 'plugins/chongqing-jiangjin/campaign.example.json');
    expect(
      (await w.run('campaign', 'create', '--plugin', 'chongqing-jiangjin', '--year', '2023', '--bureau', 'cq-jiangjin', '--settings', settings)).stdout,
    ).toMatch(/已创建活动 1/);

    // grading before the draw is refused and changes nothing
    const early = await w.run('grade', '--campaign', '1');
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/尚未完成/);

    const assigned = JSON.parse((await w.run('assign', '--campaign', '1')).stdout);
    expect(assigned).toMatchObject({ employers: 200, inScope: 200, byBureau: { 'cq-jiangjin': 200 } });

    const drawn = JSON.parse((await w.run('draw', '--campaign', '1', '--seed', '2024-08-05 公开种子')).stdout);
    // 三、（一）1：A级企业不高于3%、B级企业不高于50%、C级企业不低于95%
    expect(drawn.strata.A).toMatchObject({ population: 50, ratio: 0.03, drawn: 1, rule: 'floor' });
    expect(drawn.strata.B).toMatchObject({ population: 50, drawn: 25 });
    expect(drawn.strata.C).toMatchObject({ population: 50, ratio: 0.95, drawn: 48, rule: 'ceil' });
    const sqlite = new Database(w.db, { readonly: true });
    // 对人力资源服务、建筑、交通运输、互联网平台4个重点行业的企业进行审查: every construction firm is in
    const construction = sqlite.prepare("SELECT count(*) FROM employers WHERE industry_code = '4811'").pluck().get();
    const constructionDrawn = sqlite
      .prepare("SELECT count(*) FROM draw_members m JOIN employers e ON e.id = m.employer_id WHERE e.industry_code = '4811'")
      .pluck()
      .get();
    expect(constructionDrawn).toBe(construction);

    const verified = await w.run('verify-draw', '--campaign', '1');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout).matches).toBe(true);
    expect((await w.run('draw', '--campaign', '1', '--seed', 'again')).stderr).toMatch(/已抽取审查名单，不能重抽/);

    writeFileSync(
      join(w.dir, 'records.csv'),
      `统一社会信用代码,查处次数,实施劳动保障监察,使用童工\n${makeCreditCode('91', '500116', 'MA0000001')},1,是,否\n${makeCreditCode('91', '500116', 'MA0000002')},1,是,是\n${makeCreditCode('91', '500116', 'MA0000003')},0,是,否\n`,
    );
    expect((await w.run('import', 'records', join(w.dir, 'records.csv'), '--campaign', '1')).stdout).toMatch(/已导入 3 条年度记录/);

    const graded = JSON.parse((await w.run('grade', '--campaign', '1')).stdout);
    // 四、（一）：未实施劳动保障监察的企业不产生评级结果 — only the three inspected are graded
    expect(graded.counts).toEqual({ A: 1, B: 1, C: 1, notGraded: 197 });

    const csv = (await w.run('grades', '--campaign', '1', '--format', 'csv')).stdout;
    expect(csv).toContain(
      `${makeCreditCode('91', '500116', 'MA0000002')},江津测试2有限公司,cq-jiangjin,C,不诚信,初评,因使用童工、强迫劳动等严重劳动保障违法行为被查处`,
    );
    const audit = sqlite.prepare('SELECT action FROM audit_log ORDER BY id').pluck().all();
    expect(audit).toEqual(['import', 'create', 'assign', 'draw', 'import', 'grade']);
    sqlite.close();
  });

  it('lives the rest of the year through the CLI: reviewers, declaration, review and approval, change, publicity, publication, plan', async () => {
    const w = await drawnWorkspace(40);
    for (const [user, role] of [
      ['head', 'head'],
      ['head2', 'head'],
      ['clerk', 'clerk'],
    ]) {
      expect((await w.run('user', 'add', user, '--role', role, '--bureau', 'cq-jiangjin')).stdout).toMatch(
        /已创建账号 \S+，一次性密码 \(one-time password\): \S{16}/,
      );
    }
    expect(JSON.parse((await w.run('assign-reviewers', '--campaign', '1', '--reviewers', 'clerk', '--as', 'head')).stdout).assigned.clerk).toBeGreaterThan(0);
    const sqlite = new Database(w.db, { readonly: true });
    const drawn = sqlite
      .prepare('SELECT e.credit_code FROM draw_members m JOIN employers e ON e.id = m.employer_id ORDER BY e.credit_code')
      .pluck()
      .all() as string[];
    const [x] = drawn;
    writeFileSync(
      join(w.dir, 'declaration.json'),
      JSON.stringify({
        basics: { insuredPension: 12 },
        roster: Array.from({ length: 12 }, (_, i) => ({ id: `${i}`, name: `职工${i}` })),
        submittedOn: '2024-08-16',
        submittedOnReason: '纸质申报补录',
      }),
    );
    const declared = await w.run('declare', '--campaign', '1', '--employer', x, '--file', join(w.dir, 'declaration.json'), '--as', 'clerk');
    expect(JSON.parse(declared.stdout)).toMatchObject({ dueDate: '2024-08-15', late: true });
    expect(JSON.parse(declared.stdout).staffSample).toHaveLength(10);
    expect(declared.stderr).toMatch(/逾期申报/);
    writeFileSync(join(w.dir, 'findings.json'), JSON.stringify({ findings: [{ item: 'workingHours', severity: 'minor' }] }));
    // late without an accepted excuse: 《劳动保障监察条例》第三十条
    expect(
      JSON.parse((await w.run('review', 'record', '--campaign', '1', '--employer', x, '--findings', join(w.dir, 'findings.json'), '--as', 'clerk')).stdout),
    ).toMatchObject({ outcome: 'fail', disposition: 'caseFiling' });
    const refused = await w.run('review', 'approve', '--campaign', '1', '--employer', x, '--as', 'clerk');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/审批审查结果需要角色：负责人（您是经办人）/);
    // sent back with why, recorded again, then approved with a comment
    const unexplained = await w.run('review', 'return', '--campaign', '1', '--employer', x, '--as', 'head');
    expect([unexplained.code, unexplained.stderr]).toEqual([2, expect.stringContaining('退回审查须填写审批意见')]);
    const returned = await w.run('review', 'return', '--campaign', '1', '--employer', x, '--comment', '请注明超时加班的月份', '--as', 'head');
    expect(JSON.parse(returned.stdout)).toEqual({ status: 'returned', comment: '请注明超时加班的月份' });
    await w.run('review', 'record', '--campaign', '1', '--employer', x, '--findings', join(w.dir, 'findings.json'), '--as', 'clerk');
    const approved = await w.run('review', 'approve', '--campaign', '1', '--employer', x, '--comment', '同意', '--as', 'head');
    expect(JSON.parse(approved.stdout).rectifications[0]).toMatchObject({
      item: 'workingHours',
      dueDate: '2024-12-31',
    });
    expect(JSON.parse((await w.run('grade', '--campaign', '1')).stdout).counts.notGraded).toBe(39);
    const change = JSON.parse(
      (await w.run('grade-change', 'request', '--campaign', '1', '--employer', x, '--to', 'C', '--reason', '逾期且拒不改正', '--as', 'head2')).stdout,
    );
    expect((await w.run('grade-change', 'approve', '--campaign', '1', '--id', String(change.id), '--as', 'head2')).stderr).toMatch(
      /不能审批自己提出的等级变更/,
    );
    expect(JSON.parse((await w.run('grade-change', 'approve', '--campaign', '1', '--id', String(change.id), '--as', 'head')).stdout).status).toBe('approved');
    expect((await w.run('screen', '--campaign', '1')).code).toBe(0);
    expect(JSON.parse((await w.runOn('2024-09-13', 'publicity', 'start', '--campaign', '1', '--as', 'head')).stdout).toDate).toBe('2024-09-20');
    const objection = JSON.parse(
      (
        await w.runOn(
          '2024-09-23',
          'objection',
          'file',
          '--campaign',
          '1',
          '--employer',
          x,
          '--text',
          '已于8月整改完毕',
          '--received-on',
          '2024-09-18',
          '--reason',
          '邮寄件于9月18日收到',
          '--as',
          'clerk',
        )
      ).stdout,
    );
    // a paper entered after the day it arrived: dated as received, the reason kept in the audit record
    expect(objection.filedOn).toBe('2024-09-18');
    const filed = JSON.parse(sqlite.prepare("SELECT after FROM audit_log WHERE entity = 'objection' AND action = 'file'").pluck().get() as string);
    expect(filed.backEntry).toMatchObject({ receivedOn: '2024-09-18', reason: '邮寄件于9月18日收到', enteredOn: '2024-09-23' });
    await w.run('objection', 'resolve', '--campaign', '1', '--id', String(objection.id), '--dismiss', '--text', '逾期事实清楚，维持C级', '--as', 'head');
    // not before the C employer's 5 working days to answer its letter of 13 September are over (to the 23rd)
    expect((await w.runOn('2024-09-23', 'publish', '--campaign', '1', '--as', 'head')).stderr).toMatch(/书面告知的陈述申辩期至 2024-09-23 结束/);
    expect(JSON.parse((await w.runOn('2024-09-24', 'publish', '--campaign', '1', '--as', 'head')).stdout).published).toBe(1);
    expect(JSON.parse((await w.run('supervision', 'plan', '--campaign', '1', '--as', 'head')).stdout)).toMatchObject({ year: 2024, byGrade: { C: 1 } });
    // the forms from the campaign's own records; a unit going to 立案查处 gets no 处理建议书, which is
    // for minor violations (江津通知 三、（一）4)
    const advice = await w.run('render', 'rectificationAdvice', '--campaign', '1', '--employer', x);
    expect(advice.code).toBe(2);
    expect(advice.stderr).toMatch(/审查处理意见为“立案查处”，不下达书面审查处理建议书/);
    const told = (await w.run('render', 'lowGradeNotice', '--campaign', '1', '--employer', x)).stdout;
    expect(told).toContain('2024年9月13日至2024年9月20日');
    // the district's first of the year, issued the day the publicity opened
    expect(told).toContain('江津区人力社保局诚信告〔2024〕1号');
    expect((await w.run('render', 'patrolPlan', '--campaign', '1')).stdout).toContain('江津测试');
    const plan = (await w.run('supervision', 'export', '--campaign', '1', '--format', 'csv')).stdout;
    // 对评为C级的企业，应列为本年度劳动保障监察重点监管和培训对象，及时约谈其主要负责人、直接责任人
    expect(plan).toContain(`${x},江津测试`);
    // four a year by 江津's rules (the notice gives no number): after publication on 24 September, one in what is left
    // of the third quarter and one in the fourth
    expect(plan).toMatch(/,C,4,2024-09-(2[5-9]|30)、2024-1[0-2]-\d\d,是,应列为本年度劳动保障监察重点监管和培训对象；/);
    const actions = sqlite.prepare("SELECT action || ' ' || entity FROM audit_log WHERE id > 4 ORDER BY id").pluck().all();
    expect(actions).toEqual([
      'create user',
      'create user',
      'create user',
      'assign-reviewers campaign',
      'create declaration',
      'record review',
      'return review',
      'record review',
      'approve review',
      'grade campaign',
      'request gradeChange',
      'approve gradeChange',
      'publicity campaign',
      // the C employer told in writing as the publicity opens (江津通知 四、（二）：对拟评为C级的企业应按规定进行书面告知)
      'issue writtenNotice',
      'file objection',
      'resolve objection',
      'publish campaign',
      'plan supervision',
    ]);
    sqlite.close();
  });

  it('lets a campaign override its notice from the CLI, refused when a document would not render', async () => {
    const w = workspace();
    await w.run(
      'campaign',
      'create',
      '--plugin',
      'chongqing-jiangjin',
      '--year',
      '2023',
      '--bureau',
      'cq-jiangjin',
      '--settings',
      join(projectRoot, 'plugins/chongqing-jiangjin/campaign.example.json'),
    );
    const shipped = readFileSync(join(projectRoot, 'templates/chongqing-jiangjin/notice.hbs'), 'utf8');
    writeFileSync(join(w.dir, 'broken.hbs'), `${shipped}{{settings.nosuch}}`);
    const refused = await w.run('template', 'set', 'notice', '--campaign', '1', '--file', join(w.dir, 'broken.hbs'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/“nosuch”没有值/);
    writeFileSync(join(w.dir, 'notice.hbs'), shipped.replace('<h1 class="doc-title">', '<p>（补充说明：请按时申报）</p><h1 class="doc-title">'));
    expect((await w.run('template', 'set', 'notice', '--campaign', '1', '--file', join(w.dir, 'notice.hbs'))).stdout).toMatch(
      /已保存模板 notice；本活动覆盖的模板：notice/,
    );
    expect(JSON.parse((await w.run('template', 'list', '--campaign', '1')).stdout).overridden).toEqual(['notice']);
    expect((await w.run('render', 'notice', '--campaign', '1')).stdout).toContain('（补充说明：请按时申报）');
  });

  it('the draw does not depend on the order of the registry', async () => {
    const rows = registryCsv(120).trim().split('\n');
    const reversed = [rows[0], ...rows.slice(1).reverse()].join('\n');
    const hashes: string[] = [];
    for (const csv of [rows.join('\n'), reversed]) {
      hashes.push(JSON.parse((await drawnWorkspace(csv, 'seed')).drawn.stdout).resultHash);
    }
    expect(hashes[0]).toBe(hashes[1]);
  });

  it('an import prints each column the vocabulary does not know, by its header, and imports the rest', async () => {
    const w = workspace();
    writeFileSync(
      join(w.dir, 'extra.csv'),
      [`${HEADER},联系电话`, `${makeCreditCode('91', '500116', 'MA0000001')},甲公司,企业,500116,1311,10,否,A,023-1234`].join('\n'),
    );
    const r = await w.run('import', 'employers', join(w.dir, 'extra.csv'), '--region', 'chongqing-jiangjin');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/已导入 1 行：新增 1/);
    expect(r.stderr).toContain('列「联系电话」不在事实词汇表中，该列未导入');
  });

  it('a bad registry names every bad row and column and imports nothing', async () => {
    const w = workspace();
    const good = makeCreditCode('91', '500116', 'MA0000001');
    const csv = [
      HEADER,
      `${good},甲公司,企业,500116,1311,10,否,A`,
      `${good.slice(0, 17)}0,乙公司,企业,500116,1311,10,否,B`,
      `${makeCreditCode('91', '500116', 'MA0000002')},丙公司,公司,500116,1311,十,否,D`,
      `${good},丁公司,企业,500116,1311,10,否,A`,
    ].join('\n');
    writeFileSync(join(w.dir, 'bad.csv'), csv);
    const r = await w.run('import', 'employers', join(w.dir, 'bad.csv'), '--region', 'chongqing-jiangjin');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.csv 有 5 处错误，未导入任何数据/);
    const out = await w.run('import', 'employers', join(w.dir, 'bad.csv'), '--region', 'chongqing-jiangjin');
    expect(out.stderr).not.toMatch(/\n\s+at /);
    const sqlite = new Database(w.db, { readonly: true });
    expect(sqlite.prepare('SELECT count(*) FROM employers').pluck().get()).toBe(0);
    sqlite.close();
  });

  it('a process killed in the middle of an import leaves the registry as it was', async () => {
    const w = workspace();
    writeFileSync(join(w.dir, 'first.csv'), registryCsv(10));
    await w.run('import', 'employers', join(w.dir, 'first.csv'), '--region', 'chongqing-jiangjin');
    writeFileSync(join(w.dir, 'e.csv'), registryCsv(60000));
    const child = spawn(
      process.execPath,
      [join(projectRoot, 'bin/jiancha.js'), 'import', 'employers', join(w.dir, 'e.csv'), '--region', 'chongqing-jiangjin', '--db', w.db],
      { cwd: w.dir },
    );
    const exited = new Promise((r) => child.on('exit', r));
    let killedMidRun = false;
    child.stderr.on('data', (chunk: Buffer) => {
      if (!killedMidRun && chunk.toString().includes('进度 (progress): 500')) killedMidRun = child.kill('SIGKILL');
    });
    await exited;
    expect(killedMidRun).toBe(true);
    const sqlite = new Database(w.db);
    expect(sqlite.prepare('SELECT count(*) FROM employers').pluck().get()).toBe(10);
    expect(sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'import'").pluck().get()).toBe(1);
    sqlite.close();
  });

  it('a second grading run while one is under way is refused and changes nothing', async () => {
    const w = await drawnWorkspace(3000);
    const first = spawn(process.execPath, [join(projectRoot, 'bin/jiancha.js'), 'grade', '--campaign', '1', '--db', w.db], { cwd: w.dir });
    const firstDone = new Promise<number | null>((r) => first.on('exit', r));
    const second = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      first.stderr.on('data', (chunk: Buffer) => {
        // the first run holds the write lock from its first progress line to its commit
        if (chunk.toString().includes('进度 (progress): 500')) {
          first.stderr.removeAllListeners('data');
          first.kill('SIGSTOP');
          const r = spawnSync(process.execPath, [join(projectRoot, 'bin/jiancha.js'), 'grade', '--campaign', '1', '--db', w.db], {
            encoding: 'utf8',
            cwd: w.dir,
          });
          first.kill('SIGCONT');
          resolve({ code: r.status, stderr: r.stderr });
        }
      });
    });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/活动 1 正在评价（.*起），请稍后再评价等级/);
    expect(await firstDone).toBe(0);
    const sqlite = new Database(w.db);
    expect(sqlite.prepare('SELECT count(*) FROM grading_runs').pluck().get()).toBe(1);
    sqlite.close();
  });

  it('a process killed in the middle of a grading run leaves the database as it was', async () => {
    const w = await drawnWorkspace(3000);
    const child = spawn(process.execPath, [join(projectRoot, 'bin/jiancha.js'), 'grade', '--campaign', '1', '--db', w.db], { cwd: w.dir });
    const exited = new Promise((r) => child.on('exit', r));
    // kill it once it reports progress: grades are being written inside the open transaction
    let killedMidRun = false;
    child.stderr.on('data', (chunk: Buffer) => {
      if (!killedMidRun && chunk.toString().includes('进度 (progress): 500')) {
        killedMidRun = child.kill('SIGKILL');
      }
    });
    await exited;
    expect(killedMidRun).toBe(true);
    const sqlite = new Database(w.db);
    expect(sqlite.prepare('SELECT count(*) FROM grades').pluck().get()).toBe(0);
    expect(sqlite.prepare('SELECT count(*) FROM grading_runs').pluck().get()).toBe(0);
    expect(sqlite.prepare('SELECT status FROM campaigns WHERE id = 1').pluck().get()).toBe('drawn');
    sqlite.close();
    // and the step can run again afterwards
    expect(JSON.parse((await w.run('grade', '--campaign', '1')).stdout).employers).toBe(3000);
  });
});

describe('the 新疆昌吉 year through the CLI, on a seeded synthetic registry', () => {
  it('a county declares, reviews and approves its own employers; the prefecture grades, publishes and plans patrols', async () => {
    const registry = await loadRegistry();
    const w = workspace();
    const header =
      '统一社会信用代码,单位名称,单位类型,隶属层级,注册地行政区划代码,用工所在地行政区划代码,所在园区,行业代码,职工人数,劳务派遣用工,正常生产经营,上年度等级';
    const yes = (b: unknown) => (b ? '是' : '否');
    const people = [...syntheticPopulation(registry.get('xinjiang-changji'), 300, 652300)];
    const rows = people.map((p) =>
      [
        p.creditCode,
        p.name,
        p.unitType,
        p.adminLevel ?? '',
        p.divisionCode,
        (p.workDivisionCodes as string[]).join('、'),
        p.park ?? '',
        p.industryCode,
        p.headcount,
        yes(p.usesDispatch),
        yes(p.operating),
        p.lastGrade ?? '',
      ].join(','),
    );
    writeFileSync(join(w.dir, 'registry.csv'), [header, ...rows].join('\n'));
    expect((await w.run('import', 'employers', join(w.dir, 'registry.csv'), '--region', 'xinjiang-changji')).stdout).toMatch(/已导入 300 行/);
    await w.run(
      'campaign',
      'create',
      '--plugin',
      'xinjiang-changji',
      '--year',
      '2024',
      '--bureau',
      'changji-prefecture',
      '--settings',
      join(projectRoot, 'plugins/xinjiang-changji/campaign.example.json'),
    );
    const assigned = JSON.parse((await w.run('assign', '--campaign', '1')).stdout);
    // 二、（一）（二）（三）：units go to the prefecture, the counties and the zones by the notice's rules
    expect(Object.keys(assigned.byBureau).length).toBeGreaterThan(3);
    expect(JSON.parse((await w.run('draw', '--campaign', '1', '--seed', '昌吉州2024')).stdout).drawn).toBe(assigned.inScope);
    for (const [user, role, bureau] of [
      ['city', 'clerk', 'changji-city'],
      ['city-head', 'head', 'changji-city'],
      ['pref-head', 'head', 'changji-prefecture'],
    ]) {
      await w.run('user', 'add', user, '--role', role, '--bureau', bureau);
    }
    const sqlite = new Database(w.db, { readonly: true });
    const [own] = sqlite
      .prepare(
        "SELECT e.credit_code FROM assignments a JOIN employers e ON e.id = a.employer_id WHERE a.bureau_id = 'changji-city' AND e.unit_type = 'enterprise' ORDER BY e.credit_code",
      )
      .pluck()
      .all() as string[];
    writeFileSync(
      join(w.dir, 'declaration.json'),
      JSON.stringify({
        basics: {},
        roster: Array.from({ length: 25 }, (_, i) => ({ id: `${i}`, name: `职工${i}` })),
        submittedOn: '2025-04-28',
        submittedOnReason: '纸质申报补录',
      }),
    );
    // 2025年3月1日至4月30日: declared in time
    expect(
      JSON.parse((await w.run('declare', '--campaign', '1', '--employer', own, '--file', join(w.dir, 'declaration.json'), '--as', 'city')).stdout),
    ).toMatchObject({ dueDate: '2025-04-30', late: false });
    expect((await w.run('declare', '--campaign', '1', '--employer', own, '--file', join(w.dir, 'declaration.json'), '--as', 'pref-head')).stderr).toMatch(
      /本局只能查看/,
    );
    writeFileSync(join(w.dir, 'findings.json'), JSON.stringify({ findings: [] }));
    expect(
      JSON.parse((await w.run('review', 'record', '--campaign', '1', '--employer', own, '--findings', join(w.dir, 'findings.json'), '--as', 'city')).stdout)
        .outcome,
    ).toBe('pass');
    expect((await w.run('review', 'approve', '--campaign', '1', '--employer', own, '--as', 'city-head')).code).toBe(0);
    const graded = JSON.parse((await w.run('grade', '--campaign', '1')).stdout);
    expect(graded.employers).toBe(assigned.inScope);
    // drawn units that never declared are overdue: 逾期未完成书面审查的不得评为A级
    const ownGrade = JSON.parse((await w.run('grades', '--campaign', '1', '--format', 'json')).stdout).find(
      (g: { creditCode: string }) => g.creditCode === own,
    );
    expect(ownGrade.grade).toBe('A');
    expect(graded.counts.A ?? 0).toBe(1);
    await w.runOn('2025-05-06', 'publicity', 'start', '--campaign', '1', '--as', 'pref-head');
    await w.runOn('2025-05-13', 'publish', '--campaign', '1', '--as', 'pref-head');
    await w.run('supervision', 'plan', '--campaign', '1', '--as', 'pref-head');
    const plans = JSON.parse((await w.run('supervision', 'export', '--campaign', '1', '--format', 'json')).stdout) as { grade: string; dates: string[] }[];
    // 六、（三）：B级每半年巡查一次
    expect(plans.filter((p) => p.grade === 'B').every((p) => p.dates.length === 2 && p.dates[0] < '2025-07-01' && p.dates[1] >= '2025-07-01')).toBe(true);
    sqlite.close();
  });
});
