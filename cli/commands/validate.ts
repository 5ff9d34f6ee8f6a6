import { formatDetail } from '../../core/errors.ts';
import { loadPlugins } from '../../core/registry.ts';
import { EXIT, type Command } from '../io.ts';

export const validate: Command = {
  name: 'validate',
  usage: 'validate [plugin]',
  summary: '校验插件与规则集，列出全部错误 (validate plugins and rulesets)',
  async run(args, io) {
    const [only] = args;
    const { registry, errors } = await loadPlugins();
    const shown = only ? errors.filter((e) => e.file?.includes(`/${only}/`)) : errors;
    if (only && !registry.has(only) && !shown.length) {
      io.stderr(`jiancha validate: 没有插件 "${only}" (unknown plugin "${only}")\n`);
      return EXIT.badInput;
    }
    for (const e of shown) io.stderr(`${formatDetail(e)}\n`);
    const plugins = registry.list().filter((p) => !only || p.id === only);
    if (shown.length) {
      io.stderr(`${shown.length} 处错误 (${shown.length} error(s))\n`);
      return EXIT.failed;
    }
    const rulesets = plugins.reduce((n, p) => n + p.rulesets.length, 0);
    io.stdout(`通过：${plugins.length} 个插件，${rulesets} 个规则集 (ok: ${plugins.length} plugin(s), ${rulesets} ruleset(s))\n`);
    return EXIT.ok;
  },
};
