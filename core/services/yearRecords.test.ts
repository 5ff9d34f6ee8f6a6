/** The year records import: each column of the vocabulary stored as a fact, a re-import replaces, every bad cell named and nothing kept. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jiangjinCode, jiangjinEmployers } from '../../test/fixtures/jiangjin.ts';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/index.ts';
import { loadRegistry } from '../registry.ts';
import { localAdministrator } from './actor.ts';
import { syncBureaus } from './bureaus.ts';
import { createCampaign } from './campaign.ts';
import { storeEmployers } from './employerImport.ts';
import { importYearRecords } from './yearRecords.ts';

const HEADER =
  '统一社会信用代码,查处次数,使用童工,强迫劳动,群体性事件,拒不履行,阻挠监察,追究刑事责任,拖欠农民工工资失信名单,重大违法行为公布,实施劳动保障监察,书面审查逾期,逾期有正当理由';
const code = jiangjinCode;

describe('importYearRecords', async () => {
  const registry = await loadRegistry();
  const db = openDatabase(':memory:');
  await syncBureaus(db, registry);
  const admin = await localAdministrator(db);
  await storeEmployers(
    db,
    admin,
    'chongqing-jiangjin',
    jiangjinEmployers(250, (i) => ({ name: `江津记录${i}有限公司`, headcount: 10 })),
    'test',
  );
  const settings = JSON.parse(readFileSync(join(registry.get('chongqing-jiangjin').dir, 'campaign.example.json'), 'utf8'));
  const campaign = await createCampaign(db, registry, admin, { plugin: 'chongqing-jiangjin', year: 2023, bureau: 'cq-jiangjin', settings });
  const stored = () =>
    (
      db.$client
        .prepare(
          'SELECT e.credit_code AS code, y.facts FROM year_records y JOIN employers e ON e.id = y.employer_id WHERE y.campaign_id = ? ORDER BY e.credit_code',
        )
        .all(campaign.id) as { code: string; facts: string }[]
    ).map((r) => ({ code: r.code, ...JSON.parse(r.facts) }));
  const csv = (rows: string[]) => Buffer.from([HEADER, ...rows].join('\n'));

  it('stores every column of every row as its fact, past the rows of one statement, and replaces on a second import', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `${code(i)},${i % 4},${i === 7 ? '是' : '否'},否,否,否,否,否,${i % 2 ? 'true' : ''},否,1,否,0`);
    expect(await importYearRecords(db, admin, campaign.id, csv(rows), 'csv', 'y.csv')).toEqual({ rows: 250, warnings: [] });
    const all = stored();
    expect(all).toHaveLength(250);
    // the twelve columns become the vocabulary's facts, 书面审查逾期 and 逾期有正当理由 those of writtenReview
    expect(all[7]).toEqual({
      code: code(7),
      punishedCount: 3,
      childLabour: true,
      forcedLabour: false,
      massIncident: false,
      refusedOrders: false,
      obstructedInspection: false,
      criminalLiability: false,
      wageArrearsBlacklist: true,
      majorViolationPublished: false,
      inspected: true,
      writtenReview: { overdue: false, overdueExcused: false },
    });
    expect(all[248]).toMatchObject({ punishedCount: 0, childLabour: false, wageArrearsBlacklist: false });
    await importYearRecords(db, admin, campaign.id, csv([`${code(7)},0,否,否,否,否,否,否,否,否,否,否,否`]), 'csv', 'y.csv');
    expect(stored()[7]).toMatchObject({ punishedCount: 0, childLabour: false, inspected: false });
    expect(stored()).toHaveLength(250);
  });

  it('reports a column no field names, by its header, and imports the rest', async () => {
    const file = Buffer.from(`统一社会信用代码,查处次数,欠薪金额,使用童公\n${code(3)},2,5000,否`);
    const { rows, warnings } = await importYearRecords(db, admin, campaign.id, file, 'csv', 'w.csv');
    expect(rows).toBe(1);
    expect(warnings.map((w) => w.zh)).toEqual([
      '列「欠薪金额」不在事实词汇表中，该列未导入',
      '列「使用童公」不在事实词汇表中，该列未导入，是否应为 "使用童工"？',
    ]);
    expect(stored()[3]).toMatchObject({ punishedCount: 2 });
  });

  it('names each bad cell, unknown and repeated code, and keeps nothing', async () => {
    const before = stored();
    const err = await importYearRecords(
      db,
      admin,
      campaign.id,
      csv([`${code(1)},-1,也许,否,否,否,否,否,否,否,否,否,否`, `${code(999)},0`, `${code(2)},1`, `${code(2)},1`]),
      'csv',
      'y.csv',
    ).catch((e) => e);
    expect(err.code).toBe('invalid-input');
    expect(err.details.map((d: { pointer: string }) => d.pointer)).toEqual(['/2/查处次数', '/2/使用童工', '/3/统一社会信用代码', '/5/统一社会信用代码']);
    expect(stored()).toEqual(before);
  });
});
