/** jiancha rules: a region administrator's versioned edits of its rulesets, as the API offers them. */
import { parseArgs } from 'node:util';
import { JianchaError } from '../../core/errors.ts';
import { editRuleset, listRulesetVersions, rollbackRuleset } from '../../core/services/rulesetEdits.ts';
import { EXIT, type CommandRun } from '../io.ts';
import { COMMON_OPTIONS, lifecycleContext, printJson, readJsonInput } from './shared.ts';

export const rules: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { ...COMMON_OPTIONS, file: { type: 'string' }, reason: { type: 'string' }, to: { type: 'string' } },
    });
    const [action, plugin, decision] = positionals;
    if (!plugin || !decision) throw new JianchaError('invalid-input', `用法：jiancha ${this.usage}`, `usage: jiancha ${this.usage}`);
    const { db, registry, actor } = await lifecycleContext(values);
    if (action === 'versions') printJson(io, listRulesetVersions(db, registry, actor, plugin, decision));
    else if (action === 'edit' && values.file) {
      const { version } = await editRuleset(db, registry, actor, plugin, decision, await readJsonInput(values.file, io), values.reason ?? '');
      io.stdout(`已保存 ${version.file} 版本 ${version.version} (saved version ${version.version})\n`);
    } else if (action === 'rollback' && values.to !== undefined) {
      const { version } = await rollbackRuleset(db, registry, actor, plugin, decision, Number(values.to), values.reason ?? '');
      io.stdout(`已回滚，${version.file} 版本 ${version.version} (rolled back as version ${version.version})\n`);
    } else throw new JianchaError('invalid-input', `用法：jiancha ${this.usage}`, `usage: jiancha ${this.usage}`);
    return EXIT.ok;
  },
};
