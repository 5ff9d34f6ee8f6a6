/**
 * Reads CSV and XLSX with exceljs into header names and rows of trimmed strings, numbered as the
 * clerk sees them in the spreadsheet (the header is row 1).
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { JianchaError } from '../errors.ts';

export interface Sheet {
  headers: string[];
  rows: { row: number; cells: string[] }[];
}

export type SheetFormat = 'csv' | 'xlsx';

export function formatOf(fileName: string): SheetFormat {
  const ext = fileName.toLowerCase().split('.').pop();
  if (ext === 'csv' || ext === 'xlsx') return ext;
  throw new JianchaError('invalid-input', `不支持的文件类型 ${fileName}（应为 .csv 或 .xlsx）`, `unsupported file ${fileName} (expected .csv or .xlsx)`);
}

function text(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
    if ('text' in value) return String(value.text).trim();
    if ('result' in value) return String(value.result ?? '').trim();
    if (value instanceof Date) return value.toISOString().slice(0, 10);
  }
  return String(value).trim();
}

export async function readSheet(data: Buffer, format: SheetFormat, fileName: string): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  let sheet: ExcelJS.Worksheet | undefined;
  try {
    if (format === 'xlsx') {
      await workbook.xlsx.load(data as unknown as ArrayBuffer);
      sheet = workbook.worksheets[0];
    } else {
      // identity map: keep every cell as written, so codes keep their leading zeros
      const csv = data.toString('utf8').replace(/^\uFEFF/, '');
      sheet = await workbook.csv.read(Readable.from([csv]), { map: (v: unknown) => v } as never);
    }
  } catch (err) {
    throw new JianchaError('invalid-input', `无法读取 ${fileName}：文件已损坏或格式不符`, `cannot read ${fileName}: ${(err as Error).message}`);
  }
  if (!sheet || sheet.rowCount === 0) throw new JianchaError('invalid-input', `${fileName} 是空表`, `${fileName} is empty`);
  const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(text);
  const rows: Sheet['rows'] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = headers.map((_, i) => text(row.getCell(i + 1).value));
    if (cells.some((c) => c !== '')) rows.push({ row: number, cells });
  });
  return { headers, rows };
}
