/**
 * Every process decides with the rules in force in the database: a rule edited through another
 * connection (the CLI, a second server) is what the running server grades with next, without a restart,
 * in the job worker its previous run left waiting too.
 */
import { jiangjinEmployers } from './fixtures/jiangjin.ts';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decider } from '../core/decide.ts';
import { openDatabase } from '../core/db/index.ts';
import { loadRegistry, projectRoot } from '../core/registry.ts';
import { localAdministrator } from '../core/services/actor.ts';
import { syncBureaus } from '../core/services/bureaus.ts';
import { createCampaign } from '../core/services/campaign.ts';
import { draw } from '../core/services/draw.ts';
import { storeEmployers } from '../core/services/employerImport.ts';
import { listGrades } from '../core/services/grades.ts';
import { assignJurisdiction } from '../core/services/jurisdictionRun.ts';
import { deciderWithEdits, editRuleset } from '../core/services/rulesetEdits.ts';
import { createUser } from '../core/services/users.ts';
import { createApp } from '../server/app.ts';
import { LoginThrottle } from '../server/sessions.ts';

const FILE = 'rulesets/chongqing-jiangjin/grading.json';
const REASON = '本年度未对该企业实施劳动保障监察，不评定等级';

describe('a rule edited by another process', () => {
  it('is used by the running server’s next grading run, whose grades keep the new ruleset hash', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'jiancha-reload-')), 'jiancha.db');
    const db = openDatabase(path);
    const decider = await deciderWithEdits(db);
    await syncBureaus(db, decider.registry);
    const admin = await localAdministrator(db);
    await createUser(db, admin, { username: 'jj-admin', role: 'administrator', bureauId: 'cq-jiangjin', password: '管理员的密码' });
    const employers = jiangjinEmployers(12);
    await storeEmployers(db, admin, 'chongqing-jiangjin', employers, 'test');
    const settings = JSON.parse(readFileSync(join(projectRoot, 'plugins/chongqing-jiangjin/campaign.example.json'), 'utf8'));
    const campaign = await createCampaign(db, decider.registry, admin, { plugin: 'chongqing-jiangjin', year: 2023, bureau: 'cq-jiangjin', settings });
    await assignJurisdiction(db, decider, admin, campaign.id);
    await draw(db, decider, admin, campaign.id, 'seed');
    const app = createApp({ db, registry: decider.registry, decider, throttle: new LoginThrottle() });
    const before = decider.prepare('chongqing-jiangjin', 'grading', '2024-08-02').hash;
    const login = await app.request('/api/login', { method: 'POST', body: JSON.stringify({ username: 'jj-admin', password: '管理员的密码' }) });
    const { token } = (await login.json()) as { token: string };
    const grade = () => app.request(`/api/campaigns/${campaign.id}/grading`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    // a run before the edit: its job worker, kept for the next step, has loaded the rules as they were
    expect(((await (await grade()).json()) as { rulesetHash: string }).rulesetHash).toBe(before);

    // the CLI: its own connection, its own registry and Decider
    const other = openDatabase(path);
    const edited = JSON.parse(readFileSync(join(projectRoot, FILE), 'utf8'));
    edited.rules.find((r: { name: string }) => r.name === 'not-inspected').event.params.reason = REASON;
    await editRuleset(other, await loadRegistry(), await localAdministrator(other), 'chongqing-jiangjin', 'grading', edited, '理由写得更明白');
    const after = new Decider(await loadRegistry(undefined, { edits: { [FILE]: `${JSON.stringify(edited, null, 2)}\n` } })).prepare(
      'chongqing-jiangjin',
      'grading',
      '2024-08-02',
    ).hash;
    expect(after).not.toBe(before);

    const res = await grade();
    expect(res.status).toBe(200);
    expect(((await res.json()) as { rulesetHash: string }).rulesetHash).toBe(after);
    const grades = listGrades(db, admin, campaign.id);
    expect(grades.length).toBe(12);
    expect(grades.every((g) => g.rulesetHash === after && g.reasons[0].reason === REASON)).toBe(true);
  });
});
