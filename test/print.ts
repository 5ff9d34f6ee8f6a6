/**
 * Documents printed as a clerk prints them: the HTML through Debian's chromium to PDF (the page size
 * and margins of the document's own @page rules), and read back with poppler's pdftotext and
 * pdftoppm. One browser serves every document of a caller; .ci/run installs chromium and poppler.
 * Used by the print tests and by `npm run docs:png`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { makeCreditCode } from '../core/creditCode.ts';
import { projectRoot, type Registry } from '../core/registry.ts';
import { DOCUMENTS, type DocumentInput, type DocumentName } from '../core/render/documents.ts';
import { formSamples } from '../core/render/samples.ts';
import { documentPolicy } from '../server/documentPolicy.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DOCUMENT = 'https://jiancha.test/document';

export const PLUGINS = ['chongqing-jiangjin', 'xinjiang-changji'] as const;
// an employer of each region whose documents decision gives a checklist
const CHECKLIST_EMPLOYERS = {
  'chongqing-jiangjin': { name: '重庆某机械有限公司', creditCode: makeCreditCode('91', '500116', 'MB0000003'), unitType: 'enterprise', headcount: 40 },
  'xinjiang-changji': { name: '昌吉某公司', creditCode: '91652301MA0000001X', unitType: 'enterprise', headcount: 25 },
};

/** Every document of both shipped regions: the example campaign's notice and each form with the plugin's samples. */
export function sampleDocuments(registry: Registry): { plugin: (typeof PLUGINS)[number]; name: DocumentName; input: DocumentInput }[] {
  return PLUGINS.flatMap((plugin) => {
    const p = registry.get(plugin);
    const settings = JSON.parse(readFileSync(join(projectRoot, 'plugins', plugin, 'campaign.example.json'), 'utf8'));
    const samples = formSamples(p);
    return DOCUMENTS.map((name) => ({
      plugin,
      name,
      input: {
        plugin: p,
        settings,
        employer: name === 'checklist' ? CHECKLIST_EMPLOYERS[plugin] : undefined,
        data: name === 'notice' || name === 'checklist' ? undefined : samples[name],
      },
    }));
  });
}

export interface Printer {
  /** the document as a PDF */
  pdf: (html: string) => Promise<Buffer>;
  close: () => Promise<void>;
}

export async function openPrinter(): Promise<Printer> {
  if (!existsSync(CHROMIUM)) throw new Error(`printing needs chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  // served as the server serves it, under its content policy, so that what the policy refuses is missed here too
  let current = '';
  await page.route(DOCUMENT, (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': documentPolicy(current) }, body: current }),
  );
  return {
    // one page reused in sequence: a document needs nothing else from the network
    pdf: async (html) => {
      current = html;
      await page.goto(DOCUMENT, { waitUntil: 'load' });
      // what a document's script does once its fonts are in (the 版记 placed) is done before printing
      await page.evaluate(() => document.fonts.ready.then(() => new Promise(requestAnimationFrame)));
      return page.pdf({ preferCSSPageSize: true, printBackground: true });
    },
    close: () => browser.close(),
  };
}

/** Runs a poppler tool on the PDF in a scratch folder; returns what it wrote to stdout, and the folder's path. */
function poppler<T>(pdf: Buffer, run: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'jiancha-print-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return run(file, dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('reading PDFs needs poppler-utils: apt-get install -y poppler-utils (.ci/run does)');
    throw err;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of each page, in reading order as pdftotext lays it out (pages split at form feeds). */
export function pageTexts(pdf: Buffer): string[] {
  const text = poppler(pdf, (file) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
  return text.replace(/\f$/, '').split('\f');
}

export interface Word {
  page: number;
  text: string;
  /** millimetres from the page's top left corner */
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  /** the page's size in millimetres */
  width: number;
  height: number;
}

const MM = 25.4 / 72;

/** Every word pdftotext finds, with its box in millimetres (pdftotext -bbox). */
export function words(pdf: Buffer): Word[] {
  const xml = poppler(pdf, (file) => execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
  const out: Word[] = [];
  let page = 0;
  let width = 0;
  let height = 0;
  for (const m of xml.matchAll(
    /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
  )) {
    if (m[1]) {
      page += 1;
      width = Number(m[1]) * MM;
      height = Number(m[2]) * MM;
      continue;
    }
    const text = m[7]
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"');
    out.push({ page, text, xMin: Number(m[3]) * MM, yMin: Number(m[4]) * MM, xMax: Number(m[5]) * MM, yMax: Number(m[6]) * MM, width, height });
  }
  return out;
}

/** The first page as a PNG (pdftoppm), at the given resolution. */
export function firstPagePng(pdf: Buffer, dpi = 100): Buffer {
  return poppler(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page')]);
    return readFileSync(join(dir, 'page.png'));
  });
}

/**
 * Where a page has a horizontal rule: the rows of pixels (at 100 dpi, in millimetres from the top)
 * dark across nine tenths of the given span, as 版心-wide rules are and no line of text is.
 */
export const rulesOn = (pdf: Buffer, page: number, from: number, to: number) => darkRows(pdf, page, from, to, 0.9);

/** Where a page has ink at all between the given edges: the rows with a dark pixel (red prints dark in grey). */
export const inkRows = (pdf: Buffer, page: number, from: number, to: number) => darkRows(pdf, page, from, to, 0);

/** The rows of pixels (at 100 dpi, millimetres from the top) dark across more than `share` of the span. */
function darkRows(pdf: Buffer, page: number, from: number, to: number, share: number): number[] {
  const dpi = 100;
  const pgm = poppler(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, join(dir, 'page')]);
    return readFileSync(join(dir, 'page.pgm'));
  });
  // a binary PGM: "P5\n<width> <height>\n255\n" then a byte a pixel
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('pdftoppm wrote no PGM');
  const [w, h] = [Number(header[1]), Number(header[2])];
  const pixels = pgm.subarray(header[0].length);
  const px = (mm: number) => Math.round((mm / 25.4) * dpi);
  const [x0, x1] = [px(from), px(to)];
  const rows: number[] = [];
  for (let y = 0; y < h; y++) {
    let dark = 0;
    for (let x = x0; x < x1; x++) if (pixels[y * w + x] < 128) dark++;
    if (dark > 0 && dark >= share * (x1 - x0)) rows.push((y * 25.4) / dpi);
  }
  return rows;
}
