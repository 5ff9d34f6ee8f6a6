/**
 * Sheets read as streams: rows numbered as the clerk sees them, cells as written, and Chinese text
 * intact however the file's bytes are cut into chunks.
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openSheet, readSheet, type SheetSource } from './spreadsheet.ts';

/** A source giving the bytes in chunks of `size`, as a file stream would. */
function chunked(data: Buffer, size: number): SheetSource {
  return Readable.from(Array.from({ length: Math.ceil(data.length / size) }, (_, i) => data.subarray(i * size, (i + 1) * size)));
}

const NAMES = Array.from({ length: 4000 }, (_, i) => `重庆市江津区第${i}号鑫达汇丰有限公司`);

async function xlsx(rows: unknown[][], sharedStrings: boolean): Promise<Buffer> {
  if (sharedStrings) {
    // the in-memory writer keeps strings in a shared table, as Excel does
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('登记册');
    for (const row of rows) sheet.addRow(row);
    workbook.addWorksheet('另一张').addRow(['不读']);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('登记册');
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

describe('reading a sheet as a stream', () => {
  it('numbers CSV rows from the header as row 1, counts blank rows it passes over, trims cells and keeps codes as written', async () => {
    const csv = Buffer.from('\uFEFF统一社会信用代码, 单位名称 ,职工人数\n0012,"甲, 公司",5\n,,\n  0034 ,乙公司\n');
    const sheet = await readSheet(chunked(csv, 7), 'csv', 'r.csv');
    expect(sheet).toEqual({
      headers: ['统一社会信用代码', '单位名称', '职工人数'],
      rows: [
        { row: 2, cells: ['0012', '甲, 公司', '5'] },
        { row: 4, cells: ['0034', '乙公司', ''] },
      ],
    });
  });

  it.each([
    ['GB18030, as Excel and WPS save CSV on Chinese Windows', (text: string) => iconv.encode(text, 'gb18030')],
    ['GBK without a character outside it', (text: string) => iconv.encode(text, 'gbk')],
    ['UTF-8 without a BOM', (text: string) => Buffer.from(text)],
    ['UTF-8 with a BOM', (text: string) => Buffer.from(`\uFEFF${text}`)],
  ])('reads a CSV saved in %s, Chinese intact across chunk ends', async (_, encode) => {
    // a file longer than the part the encoding is guessed from, cut into chunks of an odd size
    const text = `统一社会信用代码,单位名称\n${NAMES.map((name, i) => `${String(i).padStart(4, '0')},${name}`).join('\n')}\n`;
    const sheet = await readSheet(chunked(encode(text), 1021), 'csv', 'r.csv');
    expect(sheet.headers).toEqual(['统一社会信用代码', '单位名称']);
    expect(sheet.rows).toEqual(NAMES.map((name, i) => ({ row: i + 2, cells: [String(i).padStart(4, '0'), name] })));
  });

  it.each([
    ['shared strings', true],
    ['strings in the cells', false],
  ])('reads the first worksheet of an XLSX with %s, Chinese intact across chunk ends (exceljs issue #2084)', async (_, sharedStrings) => {
    const data = await xlsx([['单位名称', '职工人数'], ...NAMES.map((name, i) => [name, i])], sharedStrings);
    // chunks of an odd size cut many characters of three bytes in two
    const sheet = await openSheet(chunked(data, 1021), 'xlsx', 'r.xlsx');
    expect(sheet.headers).toEqual(['单位名称', '职工人数']);
    const rows = [];
    for await (const row of sheet.rows) rows.push(row);
    expect(rows).toEqual(NAMES.map((name, i) => ({ row: i + 2, cells: [name, String(i)] })));
  });

  it('refuses an empty file and names a file it cannot read', async () => {
    await expect(openSheet(Buffer.from(''), 'csv', 'empty.csv')).rejects.toThrow(/empty\.csv 是空表/);
    await expect(openSheet(Buffer.from('this is no zip file'), 'xlsx', 'broken.xlsx')).rejects.toThrow(/无法读取 broken\.xlsx/);
  });
});
