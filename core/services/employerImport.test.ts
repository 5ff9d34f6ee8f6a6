/**
 * The registry import read as a stream and written as it goes: all rows or none, every bad cell
 * named by row and column in the order of the rows, repeats found wherever they are.
 */
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../creditCode.ts';
import { openDatabase, type Db } from '../db/index.ts';
import { JianchaError } from '../errors.ts';
import { loadPlugins, loadRegistry, type Registry } from '../registry.ts';
import { fixtureProject } from '../../test/fixtures/project.ts';
import { localAdministrator } from './actor.ts';
import { syncBureaus } from './bureaus.ts';
import { importEmployers } from './employerImport.ts';

let registry: Registry;
beforeAll(async () => {
  registry = await loadRegistry();
});

async function database(): Promise<Db> {
  const db = openDatabase(':memory:');
  await syncBureaus(db, registry);
  return db;
}

const HEADER = '统一社会信用代码,单位名称,单位类型,注册地行政区划代码,职工人数,上年度等级';
const code = (i: number) => makeCreditCode('91', '500116', `MA${String(i).padStart(7, '0')}`);
const row = (i: number, name = `江津测试${i}有限公司`) => `${code(i)},${name},企业,500116,${10 + i},A`;
/** The file as a stream of chunks of 50 bytes, cutting characters as a file read from disk may. */
function stream(lines: string[]): Readable {
  const data = Buffer.from(`${lines.join('\n')}\n`);
  return Readable.from(Array.from({ length: Math.ceil(data.length / 50) }, (_, i) => data.subarray(i * 50, (i + 1) * 50)));
}

async function failure(promise: Promise<unknown>): Promise<JianchaError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(JianchaError);
  return err as JianchaError;
}

describe('importing the registry from a stream', () => {
  it('writes every row, counting new and updated employers against what the registry held', async () => {
    const db = await database();
    const admin = await localAdministrator(db);
    const progress: number[] = [];
    const rows = Array.from({ length: 1200 }, (_, i) => row(i));
    expect(
      await importEmployers(
        db,
        registry,
        admin,
        stream([HEADER, ...rows]),
        'csv',
        'a.csv',
        (done) => {
          progress.push(done);
        },
        'chongqing-jiangjin',
      ),
    ).toEqual({
      rows: 1200,
      inserted: 1200,
      updated: 0,
      warnings: [],
    });
    expect(progress).toEqual([500, 1000]);
    const again = [HEADER, row(5, '江津改名有限公司'), ...Array.from({ length: 10 }, (_, i) => row(2000 + i))];
    expect(await importEmployers(db, registry, admin, stream(again), 'csv', 'b.csv', undefined, 'chongqing-jiangjin')).toEqual({
      rows: 11,
      inserted: 10,
      updated: 1,
      warnings: [],
    });
    const sqlite = db.$client;
    expect(sqlite.prepare('SELECT count(*) FROM employers').pluck().get()).toBe(1210);
    expect(sqlite.prepare('SELECT name, headcount FROM employers WHERE credit_code = ?').get(code(5))).toEqual({ name: '江津改名有限公司', headcount: 15 });
  });

  it('names every bad cell and every repeat in the order of the rows, and imports nothing', async () => {
    const db = await database();
    const admin = await localAdministrator(db);
    const lines = [
      HEADER,
      row(1),
      row(2),
      row(1, '重复甲'),
      `${code(3)},丙公司,公司,500116,十,A`,
      ...Array.from({ length: 700 }, (_, i) => row(10 + i)),
      row(2, '重复乙'),
    ];
    const err = await failure(importEmployers(db, registry, admin, stream(lines), 'csv', 'bad.csv', undefined, 'chongqing-jiangjin'));
    expect(err.message).toMatch(/bad\.csv 有 4 处错误，未导入任何数据/);
    expect(err.details.map((d) => d.pointer)).toEqual(['/4/统一社会信用代码', '/5/单位类型', '/5/职工人数', `/${lines.length}/统一社会信用代码`]);
    expect(err.details[0].zh).toMatch(/与第 2 行重复/);
    expect(err.details[3].en).toMatch(/repeats row 3/);
    expect(db.$client.prepare('SELECT count(*) FROM employers').pluck().get()).toBe(0);
    expect(db.$client.prepare("SELECT count(*) FROM audit_log WHERE action = 'import'").pluck().get()).toBe(0);
    // the failed import left no table behind: the next one runs
    expect(await importEmployers(db, registry, admin, stream([HEADER, row(1)]), 'csv', 'good.csv', undefined, 'chongqing-jiangjin')).toEqual({
      rows: 1,
      inserted: 1,
      updated: 0,
      warnings: [],
    });
  });

  it('reports each column the vocabulary does not know, naming its header, and imports the rest (issue 15: reported, not dropped)', async () => {
    const db = await database();
    const lines = [`${HEADER},所属街道,行业代玛`, `${row(1)},几江街道,4811`];
    const result = await importEmployers(db, registry, await localAdministrator(db), stream(lines), 'csv', 'extra.csv', undefined, 'chongqing-jiangjin');
    expect(result).toMatchObject({ rows: 1, inserted: 1 });
    expect(result.warnings.map((w) => w.column)).toEqual(['所属街道', '行业代玛']);
    expect(result.warnings[0].zh).toBe('列「所属街道」不在事实词汇表中，该列未导入');
    // a slip of the keyboard points at the column meant
    expect(result.warnings[1].zh).toMatch(/列「行业代玛」.*是否应为 "行业代码"/);
    expect(db.$client.prepare('SELECT industry_code FROM employers').pluck().get()).toBeNull();
  });

  it('reads a level by the words the region’s vocabulary gives: 州直 is 昌吉’s, not 江津’s', async () => {
    const db = await database();
    const changji = (i: number, level: string) =>
      `${makeCreditCode('91', '652301', `MA${String(i).padStart(7, '0')}`)},昌吉测试${i}有限公司,事业单位,${level},652301,20`;
    const header = '统一社会信用代码,单位名称,单位类型,隶属层级,注册地行政区划代码,职工人数';
    const lines = [header, changji(1, '州直'), changji(2, '自治区'), changji(3, '县级'), changji(4, '')];
    await importEmployers(db, registry, await localAdministrator(db), stream(lines), 'csv', 'cj.csv', undefined, 'xinjiang-changji');
    // 昌吉通知 二、（一）「州直各党政机关、事业单位、社会团体」; 县级 and an empty cell as the shared vocabulary reads them
    const levels = db.$client.prepare('SELECT unit_type, admin_level FROM employers ORDER BY credit_code').raw().all();
    expect(levels).toEqual([
      ['institution', 'prefecture'],
      ['institution', 'region'],
      ['institution', 'county'],
      ['institution', null],
    ]);
    const err = await failure(
      importEmployers(
        db,
        registry,
        await localAdministrator(db),
        stream([header, `${code(1)},江津测试有限公司,企业,州直,500116,20`]),
        'csv',
        'jj.csv',
        undefined,
        'chongqing-jiangjin',
      ),
    );
    expect(err.details.map((d) => d.zh)).toEqual(['第 2 行「隶属层级」：“州直”不是有效的隶属层级（可填：中央、省、省级、市级、县、县级）']);
  });

  it('refuses at load a word for a value the fact does not have, or for a fact without a set of values', async () => {
    const p = fixtureProject({ copyReal: true });
    p.write('plugins/xinjiang-changji/facts.json', { properties: {}, words: { adminLevel: { 州直: 'prefectural' }, headcount: { 十: '10' } } });
    const { errors } = await loadPlugins(p.root);
    expect(errors.map((e) => e.pointer)).toEqual(expect.arrayContaining(['/words/adminLevel/州直', '/words/headcount']));
  });

  it('refuses a file lacking a required column before it writes anything', async () => {
    const db = await database();
    const err = await failure(
      importEmployers(
        db,
        registry,
        await localAdministrator(db),
        stream(['统一社会信用代码,单位名称', `${code(1)},甲`]),
        'csv',
        'short.csv',
        undefined,
        'chongqing-jiangjin',
      ),
    );
    expect(err.details.map((d) => d.zh)).toEqual(['缺少列「单位类型」', '缺少列「注册地行政区划代码」', '缺少列「职工人数」']);
  });
});
