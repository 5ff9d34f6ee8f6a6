import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { Decider } from '../decide.ts';
import { openDatabase, schema } from '../db/index.ts';
import { loadRegistry } from '../registry.ts';
import { scaffoldPlugin } from '../scaffold.ts';
import { actorFor, localAdministrator } from './actor.ts';
import { syncBureaus } from './bureaus.ts';
import { seedDemo } from './demo.ts';
import { demoAccounts, demoPlans, demoTeams } from './demoData.ts';
import { createUser } from './users.ts';

describe('the demo is each plugin’s data', () => {
  it('gives the two shipped regions their campaigns, seeds and staff as before', async () => {
    const registry = await loadRegistry();
    expect(demoPlans(registry).map((d) => [d.plugin.id, d.bureau, d.seed, d.settings.year])).toEqual([
      ['chongqing-jiangjin', 'cq-jiangjin', '江津区2023年度书面审查公开抽取', 2023],
      ['xinjiang-changji', 'changji-prefecture', '昌吉州2024年度书面审查公开抽取', 2024],
    ]);
    expect(demoAccounts(registry).map((a) => [a.username, a.role, a.bureauId])).toEqual([
      ['jiangjin', 'clerk', 'cq-jiangjin'],
      ['jiangjin-head', 'head', 'cq-jiangjin'],
      ['changji', 'clerk', 'changji-prefecture'],
    ]);
    // only 江津 has a clerk and a head, so only its employers declare and are reviewed
    const teams = await demoTeams(registry, (username) => ({ username }) as never);
    expect(Object.keys(teams)).toEqual(['cq-jiangjin']);
    expect(teams['cq-jiangjin']).toEqual({ clerk: { username: 'jiangjin' }, head: { username: 'jiangjin-head' } });
  });

  it('seeds a plugin from outside jiancha that gives a demo, with nothing in the core naming it', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'jiancha-demo-')), 'sichuan-chengdu');
    onTestFinished(() => rmSync(join(dir, '..'), { recursive: true, force: true }));
    scaffoldPlugin(await loadRegistry(), { id: 'sichuan-chengdu', name: '四川省成都市', divisionCode: '510100', dir });
    const manifest = JSON.parse(readFileSync(join(dir, 'plugin.json'), 'utf8'));
    writeFileSync(join(dir, 'plugin.json'), JSON.stringify({ ...manifest, demo: 'demo.json' }));
    writeFileSync(
      join(dir, 'demo.json'),
      JSON.stringify({
        bureau: 'sichuan-chengdu',
        seed: '成都演示',
        populationSeed: 510100,
        staff: [
          { username: 'chengdu', displayName: '成都经办人', role: 'clerk' },
          { username: 'chengdu-head', displayName: '成都负责人', role: 'head' },
        ],
        reviewed: 2,
      }),
    );
    const registry = await loadRegistry(undefined, { plugins: [dir] });
    const db = openDatabase(':memory:');
    await syncBureaus(db, registry);
    const admin = await localAdministrator(db);
    for (const a of demoAccounts(registry)) await createUser(db, admin, a);
    const ids = await seedDemo(db, new Decider(registry), admin, {
      employers: 30,
      staff: await demoTeams(registry, (username) => actorFor(db, username)),
    });
    expect(ids).toHaveLength(3);
    const chengdu = db
      .select()
      .from(schema.campaigns)
      .all()
      .find((c) => c.plugin === 'sichuan-chengdu')!;
    expect(chengdu).toMatchObject({ bureauId: 'sichuan-chengdu', status: 'graded' });
    const reviews = db
      .select()
      .from(schema.reviews)
      .all()
      .filter((r) => r.campaignId === chengdu.id);
    expect(reviews.length).toBeGreaterThan(0);
    // demo.json: "reviewed": 2
    expect(reviews.filter((r) => r.approvedAt !== null)).toHaveLength(Math.min(2, reviews.length));
  });
});
