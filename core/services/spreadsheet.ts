/**
 * Reads CSV and XLSX into header names and rows of trimmed strings, numbered as the clerk sees them
 * in the spreadsheet (the header is row 1). Both are read as a stream, CSV with fast-csv (the parser
 * exceljs itself uses for CSV) and XLSX with exceljs's streaming reader, so a registry of a million
 * rows is never held whole in memory, as a workbook or as rows.
 */
import { Readable } from 'node:stream';
import { parse as parseCsv } from '@fast-csv/parse';
import type { CellValue } from 'exceljs';
import { JianchaError } from '../errors.ts';
import { csvText } from './csvEncoding.ts';

export interface SheetRow {
  row: number;
  cells: string[];
}

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

/** A sheet being read: its headers, then its rows that hold any value, once, as they are read. */
export interface SheetStream {
  headers: string[];
  rows: AsyncIterable<SheetRow>;
}

export type SheetFormat = 'csv' | 'xlsx';

/** A file's bytes, whole or as a stream (a file's ReadStream, say). */
export type SheetSource = Uint8Array | AsyncIterable<Uint8Array>;

export function formatOf(fileName: string): SheetFormat {
  const ext = fileName.toLowerCase().split('.').pop();
  if (ext === 'csv' || ext === 'xlsx') return ext;
  throw new JianchaError('invalid-input', `不支持的文件类型 ${fileName}（应为 .csv 或 .xlsx）`, `unsupported file ${fileName} (expected .csv or .xlsx)`);
}

function text(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('text' in value) return String(value.text).trim();
    if ('result' in value) return String(value.result ?? '').trim();
    if (value instanceof Date) return value.toISOString().slice(0, 10);
  }
  return String(value).trim();
}

function unreadable(fileName: string, err: unknown): JianchaError {
  return new JianchaError('invalid-input', `无法读取 ${fileName}：文件已损坏或格式不符`, `cannot read ${fileName}: ${(err as Error).message}`);
}

/**
 * The header row, then every other row that holds a value, its cells trimmed and as many as the
 * headers: of the file, or of its first worksheet. One generator from the parser to the caller: each
 * layer of async iteration costs a promise per row, a million times over.
 */
async function* sheetRows(source: SheetSource, format: SheetFormat, fileName: string): AsyncGenerator<SheetRow> {
  const input = source instanceof Readable ? source : Readable.from(source instanceof Uint8Array ? [source] : source);
  let width = -1;
  // a sheet whose row 1 is blank has no headers
  const header = (row: number, cells: string[]): SheetRow => {
    width = row === 1 ? cells.length : 0;
    return { row: 1, cells: row === 1 ? cells : [] };
  };
  try {
    if (format === 'csv') {
      // fast-csv's defaults, as exceljs reads CSV: every cell a string as written (codes keep their leading zeros)
      const parser = parseCsv();
      const csv = await csvText(input);
      csv.on('error', (err) => parser.destroy(err));
      let row = 0;
      for await (const values of csv.pipe(parser) as AsyncIterable<string[]>) {
        row++;
        if (width < 0)
          yield header(
            row,
            values.map((v) => v.trim()),
          );
        else {
          const cells = new Array<string>(width);
          let any = false;
          for (let i = 0; i < width; i++) {
            cells[i] = values[i]?.trim() ?? '';
            if (cells[i] !== '') any = true;
          }
          if (any) yield { row, cells };
        }
      }
      return;
    }
    // exceljs loads with the first XLSX read, not with every importer of this module
    const { WorkbookReader } = await import('./xlsxReader.ts');
    const workbook = new WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
    let first = true;
    for await (const worksheet of workbook) {
      // the other worksheets are passed over unread, so that the file is still read to its end
      if (!first) continue;
      first = false;
      for await (const { number: row, values } of worksheet) {
        // values[0] is empty: exceljs counts columns from 1
        if (width < 0) yield header(row, Array.from((values as CellValue[]).slice(1), text));
        else {
          const cells = Array.from({ length: width }, (_, i) => text((values as CellValue[])[i + 1]));
          if (cells.some((c) => c !== '')) yield { row, cells };
        }
      }
    }
  } catch (err) {
    throw unreadable(fileName, err);
  }
}

/** Start reading a sheet: the header row now, the other rows as the caller iterates. */
export async function openSheet(source: SheetSource, format: SheetFormat, fileName: string): Promise<SheetStream> {
  const rows = sheetRows(source, format, fileName);
  const first = await rows.next();
  if (first.done) throw new JianchaError('invalid-input', `${fileName} 是空表`, `${fileName} is empty`);
  return { headers: first.value.cells, rows };
}

/** A whole sheet, for files of a size to hold (the year records of a campaign). */
export async function readSheet(source: SheetSource, format: SheetFormat, fileName: string): Promise<Sheet> {
  const sheet = await openSheet(source, format, fileName);
  const rows: SheetRow[] = [];
  for await (const row of sheet.rows) rows.push(row);
  return { headers: sheet.headers, rows };
}
