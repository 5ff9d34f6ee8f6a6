import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { JianchaError } from '../../core/errors.ts';
import { loadRegistry } from '../../core/registry.ts';
import { scaffoldPlugin } from '../../core/scaffold.ts';
import { EXIT, type CommandRun } from '../io.ts';

export const newPlugin: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        extends: { type: 'string' },
        'division-code': { type: 'string' },
        out: { type: 'string' },
        root: { type: 'string' },
      },
    });
    const [id] = positionals;
    if (!id || !values.name || !values['division-code']) throw new JianchaError('invalid-input', `用法：jiancha ${this.usage}`, `usage: jiancha ${this.usage}`);
    const registry = await loadRegistry(values.root);
    // its own folder (default ./<id>), or beside the shipped plugins of a root
    const dir = values.out ? resolve(values.out) : values.root ? resolve(values.root, 'plugins', id) : resolve(id);
    const written = scaffoldPlugin(registry, { id, name: values.name, extends: values.extends, divisionCode: values['division-code'], dir });
    const load = values.root ? '' : ` --plugins ${written[0].replace(/\/plugin\.json$/, '')}`;
    io.stdout(
      `${written.map((f) => `  + ${f}`).join('\n')}\n下一步 (next): 按本地区通知修改 rulesets/ 中的规则与依据，然后运行 (then run) jiancha validate ${id}${load} 与 (and) jiancha test-plugin ${id}${load}\n`,
    );
    return EXIT.ok;
  },
};
