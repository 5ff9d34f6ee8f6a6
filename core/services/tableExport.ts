/** A table of strings as CSV (with a BOM, so Excel reads the Chinese), JSON or XLSX. */
import { JianchaError } from '../errors.ts';

export interface Table {
  sheet: string;
  headers: string[];
  widths: number[];
  rows: string[][];
}

/**
 * A cell a spreadsheet would read as a formula (=, +, -, @, or a tab or CR before one) starts with an
 * apostrophe instead, as OWASP advises against CSV injection; a plain number stays a number.
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !/^[-+]?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
}

export async function exportTable(table: Table, format: string, json: () => unknown): Promise<Buffer> {
  if (format === 'json') return Buffer.from(`${JSON.stringify(json(), null, 2)}\n`);
  const rows = [table.headers, ...table.rows].map((r) => r.map(neutralise));
  if (format === 'csv') {
    const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    return Buffer.from(`\uFEFF${rows.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`);
  }
  if (format === 'xlsx') {
    // loaded here, not at import: exceljs costs most of a second to load, and few callers write XLSX
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(table.sheet);
    const [headers, ...body] = rows;
    sheet.addRow(headers).font = { bold: true };
    for (const r of body) sheet.addRow(r);
    sheet.columns.forEach((c, i) => (c.width = table.widths[i] ?? 20));
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
  throw new JianchaError('invalid-input', `不支持的导出格式 ${format}（csv、json 或 xlsx）`, `unsupported format ${format} (csv, json or xlsx)`);
}
