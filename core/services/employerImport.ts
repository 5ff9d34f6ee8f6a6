/**
 * Importing the employer registry of a region (CSV or XLSX): every bad cell is reported with its row
 * and column, duplicates are caught, and the import is all-or-nothing. Re-importing updates by
 * credit code within the region; a column the file lacks keeps what is stored (a new employer takes
 * its default); a column the vocabulary does not know is left out and named in the result's
 * warnings. A bureau imports only employers of its jurisdiction: the bureau the directory gives a
 * row (by park, else by division code, else the region's top bureau) must be its own or one below
 * it, for the row as it is stored and as the file has it; otherwise the whole file is refused.
 *
 * The file is read as a stream and each row checked and written as it comes, inside one transaction
 * that a bad row rolls back at the end, so that memory does not grow with the registry.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { checkCreditCode } from '../creditCode.ts';
import type { Db } from '../db/index.ts';
import { JianchaError, type ErrorDetail } from '../errors.ts';
import { wordsFor } from '../knownFacts.ts';
import type { Plugin } from '../plugin.ts';
import { requireStep } from '../policy.ts';
import type { Registry } from '../registry.ts';
import { ownFactsValidator } from '../facts.ts';
import { schemaErrors, schemaValidator } from '../schema.ts';
import { now, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { inTransaction, PROGRESS_EVERY, rowWriter, type Progress } from './batch.ts';
import { bureauScope, homeBureaus, regionOf, regionTop, requireRegion } from './bureaus.ts';
import { CellError, type Column, type ColumnContext, registryColumns } from './employerColumns.ts';
import { type ImportWarning, unknownColumns } from './importWarnings.ts';
import { openSheet, type SheetFormat, type SheetSource } from './spreadsheet.ts';

export interface ImportResult {
  rows: number;
  inserted: number;
  updated: number;
  warnings: ImportWarning[];
}

type EmployerFacts = Record<string, unknown> & { creditCode: string };

/** The checks of the rows of a registry with these headers, and every bad cell found, by row. */
class RegistryRows {
  readonly errors: { row: number; detail: ErrorDetail }[] = [];
  private readonly context: ColumnContext;
  private readonly columns: { column: Column; header: string; position: number }[];
  private readonly headerOf: Map<string, string>;
  private readonly validate = schemaValidator('facts.schema.json');
  /** the region's own facts against their schemas, where its plugin has any */
  private readonly validateOwn: ValidateFunction | undefined;
  /** the facts the file gives (the others keep what is stored) */
  readonly facts: string[];
  /** the columns whose header names no fact, left out */
  readonly warnings: ImportWarning[];

  /** Throws at once when a required column is missing. */
  constructor(
    plugin: Plugin,
    headers: string[],
    private readonly fileName: string,
  ) {
    this.context = { parks: plugin.parks(), scale: plugin.gradeScale(), words: wordsFor(plugin) };
    this.validateOwn = ownFactsValidator(plugin);
    const columns = registryColumns(plugin);
    const index = new Map<string, { column: Column; header: string; position: number }>();
    for (const h of headers) {
      const column = columns.find((c) => c.headers.includes(h));
      if (column) index.set(column.fact, { column, header: h, position: headers.indexOf(h) });
    }
    this.warnings = unknownColumns(
      headers,
      (h) => columns.some((c) => c.headers.includes(h)),
      columns.map((c) => c.headers[0]),
    );
    const missing = columns.filter((c) => c.required && !index.has(c.fact));
    if (missing.length) {
      throw new JianchaError(
        'invalid-input',
        `${fileName} 缺少列：${missing.map((c) => c.headers[0]).join('、')}`,
        `${fileName} lacks column(s): ${missing.map((c) => `${c.headers[0]} (${c.fact})`).join(', ')}`,
        missing.map((c) => ({ file: fileName, pointer: '/1', zh: `缺少列「${c.headers[0]}」`, en: `missing column "${c.headers[0]}" (${c.fact})` })),
      );
    }
    this.columns = [...index.values()];
    this.headerOf = new Map([...index].map(([fact, { header }]) => [fact, header]));
    this.facts = [...index.keys()];
  }

  header(fact: string): string {
    return this.headerOf.get(fact) ?? fact;
  }

  bad(row: number, header: string, zh: string, en: string): void {
    this.errors.push({
      row,
      detail: { file: this.fileName, pointer: `/${row}/${header}`, zh: `第 ${row} 行「${header}」：${zh}`, en: `row ${row}, column "${header}": ${en}` },
    });
  }

  /** The facts of a row, or undefined with its bad cells noted. */
  check(row: number, cells: string[]): EmployerFacts | undefined {
    const facts: Record<string, unknown> = { workDivisionCodes: [], usesDispatch: false, operating: true, lastGrade: null, adminLevel: null, park: null };
    let ok = true;
    for (const { column, header, position } of this.columns) {
      const cell = cells[position];
      if (cell === '' && column.required) {
        this.bad(row, header, '不能为空', 'must not be empty');
        ok = false;
        continue;
      }
      try {
        const value = column.parse(cell, this.context);
        if (cell !== '' || facts[column.fact] === undefined) facts[column.fact] = value;
      } catch (err) {
        if (!(err instanceof CellError)) throw err;
        this.bad(row, header, err.zh, err.en);
        ok = false;
      }
    }
    if (!ok) return undefined;
    // an empty cell of a region fact records nothing: it is not checked against the fact's type
    const given = Object.fromEntries(Object.entries(facts).filter(([name, value]) => !(name.includes('.') && value === null)));
    for (const validate of [this.validate, this.validateOwn]) {
      if (validate && !validate(given)) {
        for (const e of schemaErrors(validate.errors)) {
          const fact = (e.pointer ?? '').split('/')[1];
          this.bad(row, this.headerOf.get(fact) ?? fact, e.zh, e.en);
        }
        return undefined;
      }
    }
    const code = facts.creditCode as string;
    const check = checkCreditCode(code);
    if (!check.valid) {
      this.bad(row, this.headerOf.get('creditCode')!, `统一社会信用代码 ${code} ${check.zh}`, `credit code ${code}: ${check.en}`);
      return undefined;
    }
    return facts as EmployerFacts;
  }

  repeated(row: number, earlier: number): void {
    this.bad(row, this.headerOf.get('creditCode')!, `与第 ${earlier} 行重复`, `repeats row ${earlier}`);
  }
}

/**
 * The credit codes of the good rows, gathered in a temporary table of the transaction (SQLite keeps
 * those in a file here) rather than in a Map of a million codes, and their repeats found at the end.
 */
function codesSeen(db: Db) {
  const sqlite = db.$client;
  sqlite.exec('CREATE TEMP TABLE import_codes (credit_code TEXT NOT NULL, row INTEGER NOT NULL)');
  const codes = rowWriter(db, 'INSERT INTO temp.import_codes (credit_code, row)', 2);
  return {
    add: (creditCode: string, row: number) => codes.add([creditCode, row]),
    /** every later row of a code, with the row it first came on; the table is dropped */
    repeats(): [number, number][] {
      codes.flush();
      const repeats = sqlite
        .prepare('SELECT row, first FROM (SELECT row, min(row) OVER (PARTITION BY credit_code) AS first FROM temp.import_codes) WHERE row > first')
        .raw()
        .all() as [number, number][];
      sqlite.exec('DROP TABLE temp.import_codes');
      return repeats;
    },
  };
}

const INSERT = `INSERT INTO employers (region, credit_code, name, unit_type, admin_level, division_code, work_division_codes, park, industry_code,
    headcount, uses_dispatch, operating, last_grade, grade_history, facts, updated_at)`;

/** The stored column of each fact a file may give; the credit code is the key and never updated. */
const STORED: Record<string, string> = {
  name: 'name',
  unitType: 'unit_type',
  adminLevel: 'admin_level',
  divisionCode: 'division_code',
  workDivisionCodes: 'work_division_codes',
  park: 'park',
  industryCode: 'industry_code',
  headcount: 'headcount',
  usesDispatch: 'uses_dispatch',
  operating: 'operating',
  lastGrade: 'last_grade',
};

/**
 * An existing employer takes the facts the file gives and keeps the others; of its region facts
 * (namespaced), those the file has a column for are replaced, an empty cell removing one.
 */
function onConflict(facts: string[] | undefined): string {
  const shared = facts?.filter((f) => f in STORED) ?? Object.keys(STORED);
  const set = shared.map((f) => `${STORED[f]} = excluded.${STORED[f]}`);
  const own = facts?.filter((f) => f.includes('.'));
  if (!own) set.push('facts = excluded.facts');
  else if (own.length) set.push(`facts = json_patch(json_remove(facts, ${own.map((f) => `'$."${f}"'`).join(', ')}), excluded.facts)`);
  return `ON CONFLICT (region, credit_code) DO UPDATE SET ${[...set, 'updated_at = excluded.updated_at'].join(', ')}`;
}

/** The region facts of a row (namespaced names) as stored: those it records, empty cells left out. */
function regionFacts(e: EmployerFacts): string {
  const own: Record<string, unknown> = {};
  for (const name in e) if (name.includes('.') && e[name] !== null && e[name] !== undefined) own[name] = e[name];
  return JSON.stringify(own);
}

/**
 * Writes employers of a region with prepared statements (a new one takes the history '[]'); call
 * inside a transaction, with the facts a file gives, or none for every column. How many were new is
 * told by the count of the region's registry before and after, not by a look-up per row.
 */
function employerWriter(db: Db, region: string, facts?: string[]) {
  const upsert = rowWriter(db, INSERT, 16, onConflict(facts));
  const count = db.$client.prepare('SELECT count(*) FROM employers WHERE region = ?').pluck();
  const at = now();
  const before = count.get(region) as number;
  return {
    write: (e: EmployerFacts) =>
      upsert.add([
        region,
        e.creditCode,
        e.name,
        e.unitType,
        e.adminLevel ?? null,
        e.divisionCode,
        JSON.stringify(e.workDivisionCodes ?? []),
        e.park ?? null,
        e.industryCode ?? null,
        e.headcount,
        e.usesDispatch ? 1 : 0,
        e.operating === false ? 0 : 1,
        e.lastGrade ?? null,
        '[]',
        regionFacts(e),
        at,
      ]),
    result: (rows: number, warnings: ImportWarning[] = []): ImportResult => {
      upsert.flush();
      const inserted = (count.get(region) as number) - before;
      return { rows, inserted, updated: rows - inserted, warnings };
    },
  };
}

/** The region an actor imports into: its own, or for the system administrator the one it names. */
async function importRegion(db: Db, actor: Actor, region: string | undefined): Promise<string> {
  requireStep(actor, 'registry.import', region);
  if (actor.bureauId === null) return await requireRegion(db, region);
  const own = regionOf(db, actor.bureauId);
  if (region && region !== own) throw new JianchaError('forbidden', `只能导入本地区（${own}）的用人单位`, `you may import only into your own region (${own})`);
  return own;
}

/**
 * For a bureau below the region's top, whether a row (as the file has it, and as it is stored) is
 * its own; the top bureau and the system administrator hold the whole region.
 */
async function jurisdictionCheck(db: Db, plugin: Plugin, actor: Actor, region: string, rows: RegistryRows) {
  if (actor.bureauId === null || (await regionTop(db, region)).includes(actor.bureauId)) return () => true;
  const scope = new Set(bureauScope(db, actor.bureauId));
  const homeBureau = await homeBureaus(db, region);
  const stored = db.$client.prepare('SELECT division_code AS divisionCode, park FROM employers WHERE region = ? AND credit_code = ?');
  const name = (id: string) => plugin.bureau(id)?.name ?? id;
  return (row: number, facts: EmployerFacts): boolean => {
    const now = stored.get(region, facts.creditCode) as { divisionCode: string; park: string | null } | undefined;
    for (const e of [facts as { park?: unknown; divisionCode?: unknown }, now]) {
      if (!e) continue;
      const home = homeBureau(e);
      if (scope.has(home.bureau)) continue;
      const value = String(e[home.by] ?? '');
      const header = e === facts ? rows.header(home.by) : rows.header('creditCode');
      const what = e === facts ? `“${value}”` : `已登记的 ${facts.creditCode}（${value}）`;
      rows.bad(
        row,
        header,
        `${what}属${name(home.bureau)}管辖，不在本局辖区内`,
        `${e === facts ? value : `${facts.creditCode} as stored (${value})`} is ${home.bureau}'s, outside your jurisdiction`,
      );
      return false;
    }
    return true;
  };
}

/** Write checked employers (distinct credit codes, every column) of a region in one transaction with prepared statements. */
export async function storeEmployers(
  db: Db,
  actor: Actor,
  region: string,
  employers: EmployerFacts[],
  source: string,
  onProgress?: Progress,
): Promise<ImportResult> {
  region = await importRegion(db, actor, region);
  return inTransaction(db, { zh: '导入', en: 'import' }, async () => {
    const writer = employerWriter(db, region);
    for (const [i, e] of employers.entries()) {
      writer.write(e);
      if ((i + 1) % PROGRESS_EVERY === 0) onProgress?.(i + 1);
    }
    const result = writer.result(employers.length);
    await audit(db, actor, 'import', 'employers', source, null, result, { region });
    return result;
  });
}

/**
 * Import a registry file into a region (the actor's; the system administrator names it): each row
 * checked and written as it is read; any bad cell, or a row outside the actor's jurisdiction, and
 * nothing is imported.
 */
export async function importEmployers(
  db: Db,
  registry: Registry,
  actor: Actor,
  data: SheetSource,
  format: SheetFormat,
  fileName: string,
  onProgress?: Progress,
  region?: string,
): Promise<ImportResult> {
  const into = await importRegion(db, actor, region);
  const plugin = registry.get(into);
  const sheet = await openSheet(data, format, fileName);
  const registryRows = new RegistryRows(plugin, sheet.headers, fileName);
  return inTransaction(db, { zh: '导入', en: 'import' }, async () => {
    const writer = employerWriter(db, into, registryRows.facts);
    const codes = codesSeen(db);
    const ours = await jurisdictionCheck(db, plugin, actor, into, registryRows);
    let rows = 0;
    for await (const { row, cells } of sheet.rows) {
      const facts = registryRows.check(row, cells);
      if (facts && ours(row, facts)) {
        codes.add(facts.creditCode, row);
        // after the first error nothing will be kept: the rest is only checked
        if (!registryRows.errors.length) writer.write(facts);
      }
      if (++rows % PROGRESS_EVERY === 0) onProgress?.(rows);
    }
    for (const [row, first] of codes.repeats()) registryRows.repeated(row, first);
    // in the order of the rows, as a clerk goes through them
    const errors = registryRows.errors.sort((a, b) => a.row - b.row).map((e) => e.detail);
    if (errors.length) {
      throw new JianchaError(
        'invalid-input',
        `${fileName} 有 ${errors.length} 处错误，未导入任何数据`,
        `${fileName} has ${errors.length} error(s); nothing was imported`,
        errors,
      );
    }
    const result = writer.result(rows, registryRows.warnings);
    await audit(db, actor, 'import', 'employers', fileName, null, result, { region: into });
    return result;
  });
}
