import { Decider } from '../../core/decide.ts';
import { loadTestFiles, runTestCase } from '../../core/testCases.ts';
import { EXIT, type CommandRun } from '../io.ts';
import { registryOnce } from './shared.ts';

export const testPlugin: CommandRun = {
  async run(args, io) {
    const registry = await registryOnce();
    const plugins = args[0] ? [registry.get(args[0])] : registry.list();
    const decider = new Decider(registry);
    let passed = 0;
    let failed = 0;
    for (const plugin of plugins) {
      for (const file of loadTestFiles(plugin, registry.root)) {
        for (const tc of file.cases) {
          const outcome = await runTestCase(decider, plugin.id, file, tc);
          if (outcome.passed) {
            passed++;
            io.stdout(`✓ ${plugin.id} ${file.decision}: ${tc.name}\n`);
          } else {
            failed++;
            io.stdout(`✗ ${plugin.id} ${file.decision}: ${tc.name}\n    依据 clause: ${tc.clause}\n${outcome.problems.map((p) => `    ${p}\n`).join('')}`);
          }
        }
      }
    }
    io.stdout(`${passed} passed, ${failed} failed\n`);
    return failed ? EXIT.failed : EXIT.ok;
  },
};
