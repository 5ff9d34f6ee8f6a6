/**
 * A rule edit may narrow the sampling bounds it inherits, never widen them: a fixed count or "all"
 * of a stratum replaces inherited bounds only where those allow any share, or 100%.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/index.ts';
import { loadRegistry } from '../registry.ts';
import { localAdministrator } from './actor.ts';
import { editRuleset } from './rulesetEdits.ts';

const basis = '《上级通知》三、抽取比例';
const stratum = (name: string, grade: string, policy: Record<string, unknown>) => ({
  name,
  priority: 50,
  conditions: { all: [{ fact: 'lastGrade', operator: 'equal', value: grade }] },
  event: { type: 'stratum', params: { stratum: grade, ...policy, reason: `${grade}级企业`, basis } },
});
const sampling = (plugin: string, rules: unknown[]) => ({ plugin, decision: 'sampling', version: '1', validFrom: '2024-01-01', validTo: null, rules });

/** A parent bounding A at 3% and leaving B free, and a child that inherits both. */
async function chain() {
  const root = mkdtempSync(join(tmpdir(), 'jiancha-bounds-'));
  const write = (path: string, value: unknown) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), JSON.stringify(value));
  };
  write('plugins/upper/plugin.json', { id: 'upper', name: '上级', version: '1.0.0', decisions: ['sampling'] });
  write('plugins/lower/plugin.json', { id: 'lower', name: '下级', version: '1.0.0', extends: 'upper', decisions: ['sampling'] });
  write(
    'rulesets/upper/sampling.json',
    sampling('upper', [stratum('stratum-a', 'A', { bounds: { max: 0.03 } }), stratum('stratum-b', 'B', { bounds: { min: 0, max: 1 } })]),
  );
  write('rulesets/lower/sampling.json', sampling('lower', []));
  const db = openDatabase(':memory:');
  const registry = await loadRegistry(root);
  const admin = await localAdministrator(db);
  return (rules: unknown[]) => editRuleset(db, registry, admin, 'lower', 'sampling', sampling('lower', rules), '按本地通知调整抽取');
}

describe('a rule edit of the draw policy', () => {
  it('may fix the count of a stratum whose inherited bounds allow any share, or take all of it', async () => {
    const edit = await chain();
    await expect(edit([stratum('stratum-b', 'B', { count: 20 })])).resolves.toMatchObject({ version: { version: 1 } });
    await expect(edit([stratum('stratum-b', 'B', { all: true })])).resolves.toMatchObject({ version: { version: 2 } });
  });

  it('may not replace a 3% maximum by a fixed count, which can be any share, nor by all, nor widen it', async () => {
    const edit = await chain();
    for (const [policy, en] of [
      [{ count: 5 }, "rule stratum-a's fixed count may go beyond the inherited 0–0.03"],
      [{ all: true }, "rule stratum-a's draw of all goes beyond the inherited 0–0.03"],
      [{ bounds: { max: 0.05 } }, "rule stratum-a's bounds go beyond the inherited 0–0.03"],
    ] as const) {
      await expect(edit([stratum('stratum-a', 'A', policy)])).rejects.toMatchObject({ details: [expect.objectContaining({ en })] });
    }
    await expect(edit([stratum('stratum-a', 'A', { bounds: { max: 0.02 } })])).resolves.toBeDefined();
  });
});
