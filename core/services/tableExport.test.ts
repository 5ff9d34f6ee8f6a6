import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { exportTable } from './tableExport.ts';

const table = (rows: string[][]) => ({ sheet: 's', headers: ['名称', '原因'], widths: [10, 10], rows });
const hostile = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];

describe('table export', () => {
  it('neutralises formulas in CSV cells with a leading apostrophe (OWASP)', async () => {
    const csv = (await exportTable(table(hostile.map((h) => [h, '正常'])), 'csv', () => [])).toString('utf8');
    const lines = csv.slice(1).split('\r\n').filter(Boolean).slice(1);
    for (const line of lines) expect(line).toMatch(/^"?'/);
    expect(csv).toContain("'+1+1,正常");
  });

  it('keeps ordinary values as they are, negative numbers included', async () => {
    const csv = (
      await exportTable(
        table([
          ['江津某公司', '-12'],
          ['A', '3.5'],
        ]),
        'csv',
        () => [],
      )
    ).toString('utf8');
    expect(csv).toContain('江津某公司,-12\r\n');
    expect(csv).toContain('A,3.5\r\n');
  });

  it('neutralises formulas in XLSX cells: stored as text starting with an apostrophe, never a formula', async () => {
    const data = await exportTable(table(hostile.map((h) => [h, '正常'])), 'xlsx', () => []);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(data).buffer);
    const sheet = workbook.worksheets[0];
    for (let r = 2; r <= hostile.length + 1; r++) {
      const value = sheet.getRow(r).getCell(1).value;
      expect(typeof value).toBe('string');
      expect((value as string).startsWith("'")).toBe(true);
      expect((value as string).slice(1).trim()).toBe(hostile[r - 2].trim());
    }
  });
});
