import { parseArgs } from 'node:util';
import { formatDetail, JianchaError, type ErrorDetail } from '../../core/errors.ts';
import { loadPlugins } from '../../core/registry.ts';
import { loadTestFiles } from '../../core/testCases.ts';
import { EXIT, type CommandRun } from '../io.ts';

export const validate: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { root: { type: 'string' } } });
    const [only] = positionals;
    const { registry, errors } = await loadPlugins(values.root);
    // a plugin's errors: in its folder of the shipped layout, or under its own folder from outside
    const dir = only && registry.has(only) ? registry.get(only).dir : undefined;
    const mine = (e: ErrorDetail) => !only || e.file?.includes(`/${only}/`) || (dir !== undefined && e.file?.startsWith(`${dir}/`));
    if (only && !registry.has(only) && !errors.some(mine)) {
      io.stderr(`jiancha validate: 没有插件 "${only}" (unknown plugin "${only}")\n`);
      return EXIT.badInput;
    }
    const plugins = registry.list().filter((p) => !only || p.id === only);
    const found: ErrorDetail[] = errors.filter(mine);
    // test cases, form samples and demo data: read only when asked for, so checked here
    const { formSamples } = await import('../../core/render/samples.ts');
    const { demoPlan } = await import('../../core/services/demoData.ts');
    for (const plugin of plugins) {
      for (const check of [
        () => loadTestFiles(plugin, registry.root),
        () => plugin.manifest.samples && formSamples(plugin),
        () => plugin.manifest.demo && demoPlan(plugin, registry.root),
      ]) {
        try {
          check();
        } catch (err) {
          if (!(err instanceof JianchaError)) throw err;
          found.push(...err.details);
        }
      }
    }
    for (const e of found) io.stderr(`${formatDetail(e)}\n`);
    if (found.length) {
      io.stderr(`${found.length} 处错误 (${found.length} error(s))\n`);
      return EXIT.failed;
    }
    const rulesets = plugins.reduce((n, p) => n + p.rulesets.length, 0);
    io.stdout(`通过：${plugins.length} 个插件，${rulesets} 个规则集 (ok: ${plugins.length} plugin(s), ${rulesets} ruleset(s))\n`);
    return EXIT.ok;
  },
};
