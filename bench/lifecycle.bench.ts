/**
 * Issue 3's benchmark: a registry of synthetic employers imported from a real XLSX file, assigned to
 * bureaus, drawn and graded with results stored, on a SQLite file, each step with its time and the
 * process's peak memory so far.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Decider } from '../core/decide.ts';
import { openDatabase } from '../core/db/index.ts';
import { loadRegistry } from '../core/registry.ts';
import { localAdministrator } from '../core/services/actor.ts';
import { syncBureaus } from '../core/services/bureaus.ts';
import { createCampaign } from '../core/services/campaign.ts';
import { draw } from '../core/services/draw.ts';
import { importEmployers } from '../core/services/employerImport.ts';
import { runGrading } from '../core/services/gradingRun.ts';
import { assignJurisdiction } from '../core/services/jurisdictionRun.ts';
import { syntheticPopulation } from '../core/synthetic.ts';
import { fmt, peakRssMiB, table, type BenchSuite } from './suite.ts';

const N = Number(process.env.BENCH_N ?? 100_000);

export const lifecycle: BenchSuite = {
  name: 'lifecycle',
  title: `import ${fmt(N)} employers (XLSX), assign, draw and grade on a SQLite file`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'jiancha-bench-'));
    const registry = await loadRegistry();
    const decider = new Decider(registry);
    const db = openDatabase(join(dir, 'bench.db'));
    syncBureaus(db, registry);
    const admin = localAdministrator(db);
    const plugin = registry.get('chongqing-jiangjin');

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('登记册');
    sheet.addRow(['统一社会信用代码', '单位名称', '单位类型', '注册地行政区划代码', '行业代码', '职工人数', '劳务派遣用工', '上年度等级']);
    const TYPES: Record<string, string> = { enterprise: '企业', organ: '党政机关', institution: '事业单位', socialOrganization: '社会团体', privateNonEnterprise: '民办非企业单位', individualBusiness: '个体经济组织' };
    for (const e of syntheticPopulation(plugin, N, 2023)) {
      sheet.addRow([e.creditCode, e.name, TYPES[e.unitType as string], e.divisionCode, e.industryCode, e.headcount, e.usesDispatch ? '是' : '否', e.lastGrade ?? '']);
    }
    const data = Buffer.from(await workbook.xlsx.writeBuffer());

    const rows: Record<string, string | number>[] = [];
    const step = async (name: string, work: () => Promise<unknown>) => {
      const start = process.hrtime.bigint();
      await work();
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      rows.push({ step: name, seconds: seconds.toFixed(1), 'employers/s': fmt(N / seconds), 'peak RSS MiB': peakRssMiB() });
    };
    await step('import (XLSX, checked, upsert)', () => importEmployers(db, registry, admin, data, 'xlsx', 'registry.xlsx'));
    const campaign = createCampaign(db, registry, admin, { plugin: plugin.id, year: 2023, bureau: 'cq-jiangjin', settings: (await import('../plugins/chongqing-jiangjin/campaign.example.json', { with: { type: 'json' } })).default });
    await step('jurisdiction over the registry', () => assignJurisdiction(db, decider, admin, campaign.id));
    await step('draw (SHA-256 ranks per stratum)', () => draw(db, decider, admin, campaign.id, 'bench seed'));
    await step('grading run, results stored', () => runGrading(db, decider, admin, campaign.id));
    table(rows);
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  },
};
