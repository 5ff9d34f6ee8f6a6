/**
 * Issues 3 and 6: a registry of synthetic employers imported from a CSV file the bench writes,
 * assigned to bureaus, drawn and graded with results stored, on a SQLite file, at two sizes (BENCH_N
 * and ten times it: 100,000 and 1,000,000 by default), and an XLSX import at the smaller size. Each
 * step runs in a process of its own (lifecycleStep.ts), so its peak RSS is its own; set beside the
 * other size, it shows whether memory grows with the registry.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { Plugin } from '../core/plugin.ts';
import { loadRegistry } from '../core/registry.ts';
import { syntheticPopulation } from '../core/synthetic.ts';
import type { Step, StepResult } from './lifecycleStep.ts';
import { fmt, table, type BenchSuite } from './suite.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const SIZES = [N, 10 * N];
const TARGET = { employers: 1_000_000, seconds: 60 };

const HEADERS = ['统一社会信用代码', '单位名称', '单位类型', '注册地行政区划代码', '行业代码', '职工人数', '劳务派遣用工', '上年度等级'];
const TYPES: Record<string, string> = {
  enterprise: '企业',
  organ: '党政机关',
  institution: '事业单位',
  socialOrganization: '社会团体',
  privateNonEnterprise: '民办非企业单位',
  individualBusiness: '个体经济组织',
};

function* registryRows(plugin: Plugin, n: number): Generator<(string | number)[]> {
  for (const e of syntheticPopulation(plugin, n, 2023)) {
    yield [
      e.creditCode as string,
      e.name as string,
      TYPES[e.unitType as string],
      e.divisionCode as string,
      e.industryCode as string,
      e.headcount as number,
      e.usesDispatch ? '是' : '否',
      (e.lastGrade as string | null) ?? '',
    ];
  }
}

/** The registry as CSV, written as it is made: a million rows never sit in memory. */
export async function writeCsv(plugin: Plugin, n: number, path: string): Promise<void> {
  async function* lines() {
    yield `${HEADERS.join(',')}\n`;
    let batch: string[] = [];
    for (const row of registryRows(plugin, n)) {
      batch.push(`${row.join(',')}\n`);
      if (batch.length === 10_000) {
        yield batch.join('');
        batch = [];
      }
    }
    yield batch.join('');
  }
  await pipeline(Readable.from(lines()), createWriteStream(path));
}

/** The registry as XLSX, with exceljs's streaming writer and strings kept in the cells. */
async function writeXlsx(plugin: Plugin, n: number, path: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('登记册');
  sheet.addRow(HEADERS).commit();
  for (const row of registryRows(plugin, n)) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
}

function runStep(step: Step, dir: string): StepResult {
  // the same node, with the loader tsx gave this process
  const child = spawnSync(process.execPath, [...process.execArgv, join(import.meta.dirname, 'lifecycleStep.ts'), step, dir], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`lifecycle step ${step} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as StepResult;
}

const STEPS: [Step, string][] = [
  ['import', 'import (CSV streamed, checked, upsert)'],
  ['jurisdiction', 'jurisdiction over the registry'],
  ['draw', 'draw (SHA-256 ranks per stratum)'],
  ['grading', 'grading run, results stored'],
];

export const lifecycle: BenchSuite = {
  name: 'lifecycle',
  title: `import ${SIZES.map(fmt).join(' and ')} employers (CSV; XLSX at ${fmt(N)}), assign, draw and grade on a SQLite file, a process per step`,
  async run() {
    const plugin = (await loadRegistry()).get('chongqing-jiangjin');
    const rows: Record<string, string | number>[] = [];
    const totals = new Map<number, number>();
    const peaks = new Map<string, number[]>();
    const record = (label: string, n: number, r: StepResult) => {
      rows.push({
        step: label,
        employers: fmt(n),
        seconds: r.seconds.toFixed(1),
        'employers/s': fmt(n / r.seconds),
        'RSS at start MiB': Math.round(r.startMiB),
        'peak RSS MiB': Math.round(r.peakMiB),
      });
      peaks.set(label, [...(peaks.get(label) ?? []), r.peakMiB]);
    };
    for (const n of SIZES) {
      const dir = mkdtempSync(join(tmpdir(), 'jiancha-bench-'));
      try {
        await writeCsv(plugin, n, join(dir, 'registry.csv'));
        let total = 0;
        for (const [step, label] of STEPS) {
          const r = runStep(step, dir);
          total += r.seconds;
          record(label, n, r);
        }
        totals.set(n, total);
        if (n === N) {
          await writeXlsx(plugin, n, join(dir, 'registry.xlsx'));
          record(`import (XLSX streamed, ${(statSync(join(dir, 'registry.xlsx')).size / 2 ** 20).toFixed(1)} MiB file)`, n, runStep('import-xlsx', dir));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    table(rows);
    for (const [n, seconds] of totals) console.log(`${fmt(n)} employers imported, assigned, drawn and graded with results stored: ${seconds.toFixed(1)} s`);
    const target = totals.get(TARGET.employers);
    if (target !== undefined)
      console.log(
        `target: ${fmt(TARGET.employers)} employers end to end in ≤ ${TARGET.seconds} s → ${target.toFixed(1)} s ${target <= TARGET.seconds ? 'met' : 'MISSED'}`,
      );
    console.log(
      `peak RSS, ${fmt(SIZES[1])} against ${fmt(SIZES[0])}: ` +
        STEPS.map(([, label]) => peaks.get(label)!)
          .map(
            ([small, large], i) => `${STEPS[i][0]} ${Math.round(small)} → ${Math.round(large)} MiB (${large >= small ? '+' : ''}${Math.round(large - small)})`,
          )
          .join('; '),
    );
  },
};
