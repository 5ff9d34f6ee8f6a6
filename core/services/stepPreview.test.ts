/**
 * The counts a clerk confirms a step with, and the deletion of a mistaken campaign: before its draw
 * only, with what it had, audited. Through the services on an in-memory database.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jiangjinEmployers } from '../../test/fixtures/jiangjin.ts';
import { Decider } from '../decide.ts';
import { openDatabase, schema } from '../db/index.ts';
import { loadRegistry, projectRoot, type Registry } from '../registry.ts';
import { localAdministrator } from './actor.ts';
import { syncBureaus } from './bureaus.ts';
import { createCampaign } from './campaign.ts';
import { draw } from './draw.ts';
import { storeEmployers } from './employerImport.ts';
import { assignJurisdiction } from './jurisdictionRun.ts';
import { deleteCampaign, previewStep } from './stepPreview.ts';
import { importYearRecords } from './yearRecords.ts';

let registry: Registry;
let decider: Decider;
beforeAll(async () => {
  registry = await loadRegistry();
  decider = new Decider(registry);
});

async function assigned(n: number) {
  const db = openDatabase(':memory:');
  await syncBureaus(db, registry);
  const admin = await localAdministrator(db);
  await storeEmployers(
    db,
    admin,
    'chongqing-jiangjin',
    jiangjinEmployers(n, (i) => ({ industryCode: i < 5 ? '4811' : '1311' })),
    'test',
  );
  const settings = JSON.parse(readFileSync(join(projectRoot, 'plugins/chongqing-jiangjin/campaign.example.json'), 'utf8'));
  const campaign = await createCampaign(db, registry, admin, { plugin: 'chongqing-jiangjin', year: 2023, bureau: 'cq-jiangjin', settings });
  await assignJurisdiction(db, decider, admin, campaign.id);
  return { db, admin, id: campaign.id };
}

describe('a step’s preview', () => {
  it('tells the clerk before grading how many drawn employers have not declared, and that the year records are missing', async () => {
    const { db, admin, id } = await assigned(40);
    await draw(db, decider, admin, id, '种子');
    const drawn = db.select().from(schema.drawMembers).all().length;
    // 江津通知：对人力资源服务、建筑、交通运输、互联网平台4个重点行业的企业进行审查 — the five 4811 (建筑) are drawn whatever the ratio
    expect(drawn).toBeGreaterThanOrEqual(5);
    const preview = await previewStep(db, registry, admin, id, 'grading');
    expect(preview.warnings).toContain(`${drawn} 家尚未申报（申报截止 2024-08-15），评价后不能再申报`);
    expect(preview.warnings.some((w) => w.startsWith('尚未导入年度记录'))).toBe(true);
    expect(preview.facts[0]).toBe('为管辖范围内 40 家用人单位评定初评等级');
  });

  it('tells how many employers in scope have no year record once some are imported, and nothing once all are', async () => {
    const { db, admin, id } = await assigned(10);
    const codes = db
      .select({ code: schema.employers.creditCode })
      .from(schema.employers)
      .all()
      .map((e) => e.code);
    const sheet = (rows: string[]) => Buffer.from(['统一社会信用代码,实施劳动保障监察', ...rows.map((c) => `${c},是`)].join('\n'));
    await importYearRecords(db, admin, id, sheet(codes.slice(0, 4)), 'csv', '年度记录.csv');
    expect((await previewStep(db, registry, admin, id, 'grading')).warnings).toContain(
      '6 家管辖范围内的用人单位没有年度记录：评价时按本年度无监察执法记录（未实施劳动保障监察、无查处）对待',
    );
    await importYearRecords(db, admin, id, sheet(codes), 'csv', '年度记录.csv');
    const preview = await previewStep(db, registry, admin, id, 'grading');
    expect(preview.warnings.filter((w) => w.includes('年度记录'))).toEqual([]);
    expect(preview.facts[1]).toMatch(/年度记录 10 条$/);
  });

  it('refuses a step it does not know', async () => {
    const { db, admin, id } = await assigned(3);
    await expect(previewStep(db, registry, admin, id, 'rm -rf')).rejects.toThrow(/步骤“rm -rf”无需确认/);
  });
});

describe('deleting a campaign', () => {
  it('removes a campaign before its draw with its assignments, and audits it', async () => {
    const { db, admin, id } = await assigned(10);
    expect((await previewStep(db, registry, admin, id, 'campaign.delete')).facts[0]).toBe(`删除活动 ${id}（2023 年度）及其管辖划分 10 条、年度记录 0 条`);
    expect(await deleteCampaign(db, admin, id)).toEqual({ deleted: id });
    expect(db.select().from(schema.campaigns).all()).toEqual([]);
    expect(db.select().from(schema.assignments).all()).toEqual([]);
    const entry = db.select().from(schema.auditLog).all().at(-1)!;
    expect(entry).toMatchObject({ action: 'delete', entity: 'campaign', entityId: String(id), bureauId: 'cq-jiangjin' });
  });

  it('refuses once the list is drawn: the published seed and the plan stay', async () => {
    const { db, admin, id } = await assigned(10);
    await draw(db, decider, admin, id, '种子');
    await expect(deleteCampaign(db, admin, id)).rejects.toThrow(/已抽取审查名单，不能删除/);
    expect(db.select().from(schema.campaigns).all()).toHaveLength(1);
  });
});
