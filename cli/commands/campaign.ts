import { parseArgs } from 'node:util';
import { JianchaError } from '../../core/errors.ts';
import { createCampaign, listCampaigns } from '../../core/services/campaign.ts';
import { EXIT, type CommandRun } from '../io.ts';
import { COMMON_OPTIONS, lifecycleContext, printJson, readJsonInput } from './shared.ts';

export const campaign: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { ...COMMON_OPTIONS, plugin: { type: 'string' }, year: { type: 'string' }, bureau: { type: 'string' }, settings: { type: 'string' } },
    });
    const { db, registry, actor } = await lifecycleContext(values);
    if (positionals[0] === 'list') {
      printJson(
        io,
        (await listCampaigns(db, actor)).map(({ id, plugin, year, bureauId, status }) => ({ id, plugin, year, bureau: bureauId, status })),
      );
      return EXIT.ok;
    }
    if (positionals[0] !== 'create' || !values.plugin || !values.year || !values.bureau || !values.settings) {
      throw new JianchaError('invalid-input', `用法：jiancha ${this.usage}`, `usage: jiancha ${this.usage}`);
    }
    const settings = (await readJsonInput(values.settings, io)) as Record<string, unknown>;
    const created = await createCampaign(db, registry, actor, { plugin: values.plugin, year: Number(values.year), bureau: values.bureau, settings });
    io.stdout(`已创建活动 ${created.id} (campaign ${created.id} created)\n`);
    return EXIT.ok;
  },
};
