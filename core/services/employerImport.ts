/**
 * Importing the employer registry (CSV or XLSX): every bad cell is reported with its row and column,
 * duplicates are caught, and the import is all-or-nothing. Re-importing updates by credit code.
 */
import { checkCreditCode } from '../creditCode.ts';
import type { Db } from '../db/index.ts';
import { JianchaError, type ErrorDetail } from '../errors.ts';
import type { Registry } from '../registry.ts';
import { schemaErrors, schemaValidator } from '../schema.ts';
import { now, requireRole, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { inTransaction, PROGRESS_EVERY, type Progress } from './batch.ts';
import { CellError, COLUMNS } from './employerColumns.ts';
import { readSheet, type SheetFormat } from './spreadsheet.ts';

export interface ImportResult {
  rows: number;
  inserted: number;
  updated: number;
}

type EmployerFacts = Record<string, unknown> & { creditCode: string };

/** Parse and check every row; returns the facts, or throws listing every bad cell. */
export async function parseEmployers(registry: Registry, data: Buffer, format: SheetFormat, fileName: string): Promise<EmployerFacts[]> {
  const sheet = await readSheet(data, format, fileName);
  const parks = registry.list().flatMap((p) => p.parks());
  const errors: ErrorDetail[] = [];
  const at = (row: number, header: string, zh: string, en: string) =>
    errors.push({ file: fileName, pointer: `/${row}/${header}`, zh: `第 ${row} 行「${header}」：${zh}`, en: `row ${row}, column "${header}": ${en}` });

  const index = new Map<string, { column: (typeof COLUMNS)[number]; header: string }>();
  sheet.headers.forEach((h, i) => {
    const column = COLUMNS.find((c) => c.headers.includes(h));
    if (column) index.set(column.fact, { column, header: sheet.headers[i] });
  });
  const missing = COLUMNS.filter((c) => c.required && !index.has(c.fact));
  if (missing.length) {
    throw new JianchaError(
      'invalid-input',
      `${fileName} 缺少列：${missing.map((c) => c.headers[0]).join('、')}`,
      `${fileName} lacks column(s): ${missing.map((c) => `${c.headers[0]} (${c.fact})`).join(', ')}`,
      missing.map((c) => ({ file: fileName, pointer: '/1', zh: `缺少列「${c.headers[0]}」`, en: `missing column "${c.headers[0]}" (${c.fact})` })),
    );
  }

  const validate = schemaValidator('facts.schema.json');
  const seen = new Map<string, number>();
  const out: EmployerFacts[] = [];
  for (const { row, cells } of sheet.rows) {
    const facts: Record<string, unknown> = { workDivisionCodes: [], usesDispatch: false, operating: true, lastGrade: null, adminLevel: null, park: null };
    let ok = true;
    for (const { column, header } of index.values()) {
      const cell = cells[sheet.headers.indexOf(header)];
      if (cell === '' && column.required) {
        at(row, header, '不能为空', 'must not be empty');
        ok = false;
        continue;
      }
      try {
        const value = column.parse(cell, parks);
        if (cell !== '' || facts[column.fact] === undefined) facts[column.fact] = value;
      } catch (err) {
        if (!(err instanceof CellError)) throw err;
        at(row, header, err.zh, err.en);
        ok = false;
      }
    }
    if (!ok) continue;
    if (!validate(facts)) {
      for (const e of schemaErrors(validate.errors)) {
        const fact = (e.pointer ?? '').split('/')[1];
        at(row, index.get(fact)?.header ?? fact, e.zh, e.en);
      }
      continue;
    }
    const code = facts.creditCode as string;
    const check = checkCreditCode(code);
    if (!check.valid) {
      at(row, index.get('creditCode')!.header, `统一社会信用代码 ${code} ${check.zh}`, `credit code ${code}: ${check.en}`);
      continue;
    }
    if (seen.has(code)) {
      at(row, index.get('creditCode')!.header, `与第 ${seen.get(code)} 行重复`, `repeats row ${seen.get(code)}`);
      continue;
    }
    seen.set(code, row);
    out.push(facts as EmployerFacts);
  }
  if (errors.length) {
    throw new JianchaError('invalid-input', `${fileName} 有 ${errors.length} 处错误，未导入任何数据`, `${fileName} has ${errors.length} error(s); nothing was imported`, errors);
  }
  return out;
}

const UPSERT = `
  INSERT INTO employers (credit_code, name, unit_type, admin_level, division_code, work_division_codes, park, industry_code,
    headcount, uses_dispatch, operating, last_grade, grade_history, updated_at)
  VALUES (@creditCode, @name, @unitType, @adminLevel, @divisionCode, @workDivisionCodes, @park, @industryCode,
    @headcount, @usesDispatch, @operating, @lastGrade, '[]', @updatedAt)
  ON CONFLICT (credit_code) DO UPDATE SET name = excluded.name, unit_type = excluded.unit_type, admin_level = excluded.admin_level,
    division_code = excluded.division_code, work_division_codes = excluded.work_division_codes, park = excluded.park,
    industry_code = excluded.industry_code, headcount = excluded.headcount, uses_dispatch = excluded.uses_dispatch,
    operating = excluded.operating, last_grade = excluded.last_grade, updated_at = excluded.updated_at`;

/** Write checked employers in one transaction with one prepared statement. */
export function storeEmployers(db: Db, actor: Actor, employers: EmployerFacts[], source: string, onProgress?: Progress): Promise<ImportResult> {
  const sqlite = db.$client;
  const exists = sqlite.prepare('SELECT 1 FROM employers WHERE credit_code = ?').pluck();
  const upsert = sqlite.prepare(UPSERT);
  const at = now();
  return inTransaction(db, { zh: '导入', en: 'import' }, async () => {
    let updated = 0;
    for (const [i, e] of employers.entries()) {
      if (exists.get(e.creditCode)) updated++;
      upsert.run({
        creditCode: e.creditCode,
        name: e.name,
        unitType: e.unitType,
        adminLevel: e.adminLevel ?? null,
        divisionCode: e.divisionCode,
        workDivisionCodes: JSON.stringify(e.workDivisionCodes ?? []),
        park: e.park ?? null,
        industryCode: e.industryCode ?? null,
        headcount: e.headcount,
        usesDispatch: e.usesDispatch ? 1 : 0,
        operating: e.operating === false ? 0 : 1,
        lastGrade: e.lastGrade ?? null,
        updatedAt: at,
      });
      if ((i + 1) % PROGRESS_EVERY === 0) onProgress?.(i + 1);
    }
    const result = { rows: employers.length, inserted: employers.length - updated, updated };
    audit(db, actor, 'import', 'employers', source, null, result);
    return result;
  });
}

export async function importEmployers(db: Db, registry: Registry, actor: Actor, data: Buffer, format: SheetFormat, fileName: string, onProgress?: Progress): Promise<ImportResult> {
  requireRole(actor, 'administrator');
  return storeEmployers(db, actor, await parseEmployers(registry, data, format, fileName), fileName, onProgress);
}
