/**
 * exceljs's streaming XLSX reader, mended. Its own module so that exceljs (the heaviest import, most
 * of a second) loads only when an XLSX file is read: spreadsheet.ts imports this one when it needs it.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';

/** exceljs's streaming reader's own parts, which the class below hands decoded text. */
interface ReaderParts {
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}
const parts = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderParts;

async function* decoded(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.write(chunk);
  yield decoder.end();
}

/**
 * exceljs's streaming reader, given text decoded across the chunks of each part of the file: exceljs
 * 4.4 decodes every chunk on its own, so a character of several bytes cut by a chunk's end becomes
 * U+FFFD, a few Chinese names in every hundred thousand (exceljs issues #2063, #2084, #2316).
 */
export class WorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  _parseSharedStrings(entry: Readable) {
    entry.setEncoding('utf8');
    return parts._parseSharedStrings.call(this, entry);
  }

  _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: string) {
    return parts._parseWorksheet.call(this, decoded(chunks), sheetNo);
  }
}
