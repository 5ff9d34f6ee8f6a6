import { parseArgs } from 'node:util';
import { JianchaError } from '../../core/errors.ts';
import { checkDate, today } from '../../core/facts.ts';
import { pluginReference, referenceMarkdown } from '../../core/reference.ts';
import { EXIT, type CommandRun } from '../io.ts';
import { printJson, registryOnce } from './shared.ts';

export const docs: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, at: { type: 'string' } } });
    const [id] = positionals;
    if (!id) throw new JianchaError('invalid-input', `用法：jiancha ${this.usage}`, `usage: jiancha ${this.usage}`);
    const reference = pluginReference((await registryOnce()).get(id), values.at ? checkDate(values.at) : today());
    if (values.json) printJson(io, reference);
    else io.stdout(referenceMarkdown(reference));
    return EXIT.ok;
  },
};
