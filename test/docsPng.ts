/**
 * npm run docs:png: the first page of every document of both regions, printed as the print tests
 * print it (chromium to PDF, then pdftoppm), into docs/png/<plugin>-<document>.png, so that a reader
 * sees the layout without printing. Re-run it after a change to a template or its styles.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decider } from '../core/decide.ts';
import { loadRegistry, projectRoot } from '../core/registry.ts';
import { renderDocument } from '../core/render/documents.ts';
import { firstPagePng, openPrinter, sampleDocuments } from './print.ts';

const out = join(projectRoot, 'docs', 'png');
mkdirSync(out, { recursive: true });
const registry = await loadRegistry();
const decider = new Decider(registry);
const printer = await openPrinter();
try {
  for (const { plugin, name, input } of sampleDocuments(registry)) {
    const { html } = await renderDocument(decider, name, input);
    const file = join(out, `${plugin}-${name}.png`);
    // 80 dpi: 3号 text stays legible at a size a README can show
    writeFileSync(file, firstPagePng(await printer.pdf(html), 80));
    console.log(`docs/png/${plugin}-${name}.png`);
  }
} finally {
  await printer.close();
}
