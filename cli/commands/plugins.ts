import { EXIT, type CommandRun } from '../io.ts';
import { printJson, registryOnce } from './shared.ts';

export const plugins: CommandRun = {
  async run(args, io) {
    const registry = await registryOnce();
    const rows = registry.list().map((p) => ({
      id: p.id,
      name: p.manifest.name,
      version: p.manifest.version,
      extends: p.manifest.extends ?? null,
      decisions: p.manifest.decisions,
      bureaus: p.bureaus().map((b) => ({ id: b.id, name: b.name })),
    }));
    if (args.includes('--json')) {
      printJson(io, rows);
      return EXIT.ok;
    }
    for (const r of rows) {
      io.stdout(`${r.id} ${r.version}  ${r.name}\n`);
      io.stdout(`  继承 extends:   ${r.extends ?? '—'}\n`);
      io.stdout(`  决策 decisions: ${r.decisions.join(', ')}\n`);
      io.stdout(`  人社局 bureaus: ${r.bureaus.length ? r.bureaus.map((b) => `${b.id} ${b.name}`).join('\n                  ') : '—'}\n\n`);
    }
    return EXIT.ok;
  },
};
