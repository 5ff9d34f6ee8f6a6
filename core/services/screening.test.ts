/**
 * The screening of preliminary grades as the 江津 plugin declares it (plugin.json screening, quoting
 * 江津通知 四、（一）：避免出现同一主体不同等级、非企业性质参加评级和未实施劳动保障监察却产生评级结果等情况),
 * evaluated by the core's generic checks; a region without screening is told so; a bad check is refused at load.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jiangjinCode, jiangjinEmployers } from '../../test/fixtures/jiangjin.ts';
import { fixtureProject } from '../../test/fixtures/project.ts';
import { Decider } from '../decide.ts';
import { openDatabase } from '../db/index.ts';
import { loadPlugins, loadRegistry } from '../registry.ts';
import { localAdministrator } from './actor.ts';
import { syncBureaus } from './bureaus.ts';
import { createCampaign } from './campaign.ts';
import { draw } from './draw.ts';
import { storeEmployers } from './employerImport.ts';
import { runGrading } from './gradingRun.ts';
import { assignJurisdiction } from './jurisdictionRun.ts';
import { screenGrades } from './screening.ts';
import { importYearRecords } from './yearRecords.ts';

describe('screenGrades', async () => {
  const registry = await loadRegistry();
  const decider = new Decider(registry);
  const campaignOf = async (plugin: string, bureau: string) => {
    const db = openDatabase(':memory:');
    await syncBureaus(db, registry);
    const admin = await localAdministrator(db);
    const settings = JSON.parse(readFileSync(join(registry.get(plugin).dir, 'campaign.example.json'), 'utf8'));
    return { db, admin, campaign: await createCampaign(db, registry, admin, { plugin, year: settings.year, bureau, settings }) };
  };

  it('reports a non-enterprise graded and a grade without inspection by the region’s words, in the declared order', async () => {
    const { db, admin, campaign } = await campaignOf('chongqing-jiangjin', 'cq-jiangjin');
    await storeEmployers(db, admin, 'chongqing-jiangjin', jiangjinEmployers(3), 'test');
    await assignJurisdiction(db, decider, admin, campaign.id);
    await draw(db, decider, admin, campaign.id, 'screen');
    const records = (third: string) =>
      Buffer.from(`统一社会信用代码,实施劳动保障监察\n${jiangjinCode(0)},是\n${jiangjinCode(1)},是\n${jiangjinCode(2)},${third}\n`);
    await importYearRecords(db, admin, campaign.id, records('是'), 'csv', 'r.csv', registry);
    await runGrading(db, decider, admin, campaign.id);
    // grades the rules would not give (a 事业单位, a unit never inspected), as data corrected after the
    // run leaves them: what the screening is there to catch
    db.$client.prepare("UPDATE employers SET unit_type = 'institution' WHERE credit_code = ?").run(jiangjinCode(1));
    await importYearRecords(db, admin, campaign.id, records('否'), 'csv', 'r.csv', registry);
    const graded = db.$client.prepare('SELECT grade FROM grades g JOIN employers e ON e.id = g.employer_id WHERE e.credit_code = ?').pluck();
    const report = await screenGrades(db, registry, admin, campaign.id);
    expect(report.basis).toContain('避免出现同一主体不同等级、非企业性质参加评级和未实施劳动保障监察却产生评级结果等情况');
    expect(report.counts).toEqual({ twoGrades: 0, nonEnterprise: 1, noInspection: 1 });
    expect(report.findings).toEqual([
      { check: 'nonEnterprise', label: '非企业性质参加评级', creditCode: jiangjinCode(1), name: '江津测试1有限公司', detail: '单位类型为 institution' },
      {
        check: 'noInspection',
        label: '未实施劳动保障监察却产生评级结果',
        creditCode: jiangjinCode(2),
        name: '江津测试2有限公司',
        detail: `${graded.get(jiangjinCode(2))} 级，但本年度没有劳动保障监察记录或已审批的书面审查`,
      },
    ]);
  });

  it('tells a region that declares no screening so, in Chinese', async () => {
    const { db, admin, campaign } = await campaignOf('xinjiang-changji', 'changji-prefecture');
    await expect(screenGrades(db, registry, admin, campaign.id)).rejects.toThrow(/没有规定等级筛查/);
  });

  it('refuses at load a check whose expression or detail names an unknown fact, with its pointer and the fact meant', async () => {
    const p = fixtureProject({ copyReal: true });
    p.edit('plugins/chongqing-jiangjin/plugin.json', (m) => {
      m.screening.checks[1].when = "unitTyp != 'enterprise'";
      m.screening.checks[2].detail = '{grad} 级';
    });
    const { errors } = await loadPlugins(p.root);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/screening/checks/1/when', zh: expect.stringContaining('是否指 "unitType"') }),
        expect.objectContaining({ pointer: '/screening/checks/2/detail', zh: expect.stringContaining('未知事实 "grad"') }),
      ]),
    );
  });
});
