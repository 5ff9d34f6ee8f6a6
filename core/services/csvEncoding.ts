/**
 * The text of a CSV whatever Excel or WPS saved it as: UTF-8 with or without its BOM, or, on Chinese
 * Windows, GB18030 (GBK and GB2312 are its subsets). A GB18030 file read as UTF-8 came out as
 * U+FFFD and the import reported the columns as missing. chardet guesses from the first bytes and
 * iconv-lite decodes the stream, a character cut by a chunk's end included.
 */
import { Readable, type Transform } from 'node:stream';
import chardet from 'chardet';
import iconv from 'iconv-lite';

/** Enough of a file for chardet to be sure, and small enough to hold whatever the file's size. */
const SAMPLE_BYTES = 64 * 1024;

/** What a bureau's CSV can be in, as iconv-lite names them. */
const READABLE = new Map([
  ['UTF-8', 'utf8'],
  ['GB18030', 'gb18030'],
  ['Big5', 'big5'],
  ['UTF-16LE', 'utf16le'],
  ['UTF-16BE', 'utf16be'],
]);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Valid UTF-8 but for a character the sample's end may cut (at most 3 bytes of it). */
function isUtf8(sample: Buffer, whole: boolean): boolean {
  for (let cut = 0; cut <= (whole ? 0 : 3); cut++) {
    try {
      strictUtf8.decode(sample.subarray(0, sample.length - cut));
      return true;
    } catch {
      // try again without the last bytes
    }
  }
  return false;
}

/** The file's encoding by iconv-lite's name: UTF-8 when its sample is valid UTF-8 (ASCII is), else chardet's best readable guess. */
export function encodingOf(sample: Buffer, whole: boolean): string {
  if (isUtf8(sample, whole)) return 'utf8';
  for (const { name } of chardet.analyse(sample)) {
    const encoding = READABLE.get(name);
    if (encoding && encoding !== 'utf8') return encoding;
  }
  // not UTF-8 and nothing chardet knows: Chinese Windows saves CSV in its ANSI code page, GB18030's subset GBK
  return 'gb18030';
}

/** The CSV as a stream of text, its BOM dropped, decoded from the encoding its first bytes show. */
export async function csvText(input: AsyncIterable<Uint8Array | string>): Promise<Readable> {
  const iterator = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SAMPLE_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    head.push(chunk);
    size += chunk.length;
  }
  const sample = Buffer.concat(head);
  const encoding = encodingOf(sample, done);
  async function* bytes(): AsyncGenerator<Buffer> {
    yield sample;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield typeof next.value === 'string' ? Buffer.from(next.value) : Buffer.from(next.value);
  }
  // iconv-lite's decoder drops a BOM of the encoding it decodes, as fast-csv did for UTF-8
  const text = iconv.decodeStream(encoding) as Transform;
  const source = Readable.from(bytes());
  source.on('error', (err) => text.destroy(err));
  return source.pipe(text);
}
