import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { JianchaError } from '../../core/errors.ts';
import { importEmployers } from '../../core/services/employerImport.ts';
import { formatOf } from '../../core/services/spreadsheet.ts';
import { importYearRecords } from '../../core/services/yearRecords.ts';
import type { ImportWarning } from '../../core/services/importWarnings.ts';
import { EXIT, type CliIO, type CommandRun } from '../io.ts';
import { progress } from './steps.ts';
import { campaignId, COMMON_OPTIONS, lifecycleContext, readFileInput, readFileStream } from './shared.ts';

/** Imported all the same: the clerk learns which columns were left out, rather than finding them missing later. */
function warn(io: CliIO, warnings: ImportWarning[]): void {
  for (const w of warnings) io.stderr(`注意：${w.zh} (warning: ${w.en})\n`);
}

export const importFile: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { ...COMMON_OPTIONS, campaign: { type: 'string' }, region: { type: 'string' } },
    });
    const [what, file] = positionals;
    if (!file || (what !== 'employers' && what !== 'records'))
      throw new JianchaError('invalid-input', `用法：jiancha ${this.usage}`, `usage: jiancha ${this.usage}`);
    const format = formatOf(file);
    const { db, registry, actor } = await lifecycleContext(values);
    if (what === 'employers') {
      // streamed: a registry of a million rows is never held in memory whole
      const r = await importEmployers(db, registry, actor, readFileStream(file), format, basename(file), progress(io), values.region);
      io.stdout(`已导入 ${r.rows} 行：新增 ${r.inserted}，更新 ${r.updated} (imported ${r.rows} rows: ${r.inserted} new, ${r.updated} updated)\n`);
      warn(io, r.warnings);
    } else {
      const r = await importYearRecords(db, actor, campaignId(values.campaign), readFileInput(file), format, basename(file), registry);
      io.stdout(`已导入 ${r.rows} 条年度记录 (imported ${r.rows} year records)\n`);
      warn(io, r.warnings);
    }
    return EXIT.ok;
  },
};
