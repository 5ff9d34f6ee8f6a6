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
      options: { name: { type: 'string' }, extends: { type: 'string' }, 'division-code': { type: 'string' }, root: { type: 'string' } },
    });
    const [id] = positionals;
    if (!id || !values.name) throw new JianchaError('invalid-input', `用法：jiancha ${this.usage}`, `usage: jiancha ${this.usage}`);
    const registry = await loadRegistry(values.root);
    const written = scaffoldPlugin(registry, { id, name: values.name, extends: values.extends, divisionCode: values['division-code'] });
    io.stdout(
      `${written.map((f) => `  + ${f}`).join('\n')}\n下一步 (next): 在 rulesets/${id}/ 中按决策新增规则集，覆盖或补充 ${values.extends ?? 'national'} 的同名规则；然后运行 jiancha validate ${id} 与 jiancha test-plugin ${id}\n`,
    );
    return EXIT.ok;
  },
};
