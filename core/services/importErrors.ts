/**
 * The errors of a refused import (registry or year records), as a clerk acts on them: each with its
 * row, column and what is wrong, every one of them, and as a sheet to download and work through.
 * Imports name a bad cell by the pointer /ROW/COLUMN and the message 第 ROW 行「COLUMN」：WHAT.
 */
import type { ErrorDetail } from '../errors.ts';
import { exportTable } from './tableExport.ts';

export interface ImportError {
  row: number | null;
  column: string;
  error: string;
}

export function importErrors(details: Pick<ErrorDetail, 'pointer' | 'zh'>[]): ImportError[] {
  return details.map((d) => {
    const [, row, ...column] = (d.pointer ?? '').split('/');
    const header = column.join('/');
    // the message without the row and column it starts with, which have their own columns
    const error = d.zh.replace(/^第 \d+ 行「[^」]*」：/, '');
    return { row: /^\d+$/.test(row ?? '') ? Number(row) : null, column: header, error };
  });
}

export function importErrorSheet(errors: ImportError[]): Promise<Buffer> {
  return exportTable(
    { sheet: '导入错误', headers: ['行', '列', '错误'], widths: [8, 24, 80], rows: errors.map((e) => [e.row?.toString() ?? '', e.column, e.error]) },
    'xlsx',
    () => errors,
  );
}
