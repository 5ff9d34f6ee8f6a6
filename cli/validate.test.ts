import { describe, expect, it } from 'vitest';
import { fixtureProject } from '../test/fixtures/project.ts';
import { runCli } from './main.ts';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t), readStdin: async () => '' } };
}

describe('jiancha validate', () => {
  it("checks a plugin's form samples and demo data, naming file and pointer", async () => {
    const p = fixtureProject({ copyReal: true });
    p.edit('plugins/chongqing-jiangjin/samples.json', (s) => {
      s.gradeList.year = '二〇二三';
    });
    p.edit('plugins/xinjiang-changji/demo.json', (d) => {
      d.staff[0].role = 'boss';
    });
    const { out, io } = capture();
    expect(await runCli(['validate', '--root', p.root], io)).toBe(1);
    expect(out.stderr).toContain(`${p.root}/plugins/chongqing-jiangjin/samples.json#/gradeList/year: `);
    expect(out.stderr).toMatch(/^plugins\/xinjiang-changji\/demo\.json#\/staff\/0\/role: .*"administrator", "head", "clerk"/m);
  });

  it('exits 1 listing every error with its file and JSON pointer', async () => {
    const p = fixtureProject({ copyReal: true });
    p.edit('rulesets/xinjiang-changji/cadence.json', (r) => {
      delete r.rules[0].event.params.basis;
      r.rules[1].event.params.patrolsPerYear = -2;
    });
    p.edit('rulesets/chongqing-jiangjin/tests/grading.json', (t) => {
      delete t.cases[0].clause;
    });
    const { out, io } = capture();
    expect(await runCli(['validate', '--root', p.root], io)).toBe(1);
    const lines = out.stderr.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rulesets\/xinjiang-changji\/cadence\.json#\/rules\/0\/event\/params\/basis: .*\(must have required property 'basis'\)$/),
        expect.stringMatching(/^rulesets\/xinjiang-changji\/cadence\.json#\/rules\/1\/event\/params\/patrolsPerYear: /),
        expect.stringMatching(/^rulesets\/chongqing-jiangjin\/tests\/grading\.json#\/cases\/0\/clause: /),
        '3 处错误 (3 error(s))',
      ]),
    );
  });

  it('validates one plugin and says an unknown one is unknown', async () => {
    const ok = capture();
    expect(await runCli(['validate', 'xinjiang-changji'], ok.io)).toBe(0);
    expect(ok.out.stdout).toMatch(/通过：1 个插件/);
    const bad = capture();
    expect(await runCli(['validate', 'hainan'], bad.io)).toBe(2);
  });
});
