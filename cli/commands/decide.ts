import { parseArgs } from 'node:util';
import { Decider } from '../../core/decide.ts';
import { JianchaError } from '../../core/errors.ts';
import { EXIT, type CommandRun } from '../io.ts';
import { printJson, readJsonInput, registryOnce } from './shared.ts';

export const decide: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { facts: { type: 'string' }, at: { type: 'string' } },
    });
    const [plugin, decision] = positionals;
    if (!plugin || !decision || positionals.length > 2) {
      throw new JianchaError('invalid-input', `用法：jiancha ${this.usage}`, `usage: jiancha ${this.usage}`);
    }
    const facts = values.facts ? await readJsonInput(values.facts, io) : {};
    const decider = new Decider(await registryOnce());
    const d = await decider.decide(plugin, decision as never, facts, { at: values.at });
    printJson(io, {
      plugin: d.plugin,
      pluginVersion: d.pluginVersion,
      decision: d.decision,
      at: d.at,
      rulesetHash: d.rulesetHash,
      result: d.result,
      trace: d.trace,
    });
    return EXIT.ok;
  },
};
