import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decider } from '../decide.ts';
import { loadRegistry, projectRoot } from '../registry.ts';
import { DOCUMENTS, renderDocument } from './documents.ts';
import { formSamples } from './samples.ts';

const registry = await loadRegistry();
const decider = new Decider(registry);

describe('form samples are each plugin’s', () => {
  it('reads a plugin’s own samples.json', () => {
    const own = JSON.parse(readFileSync(join(projectRoot, 'plugins/chongqing-jiangjin/samples.json'), 'utf8'));
    expect(formSamples(registry.get('chongqing-jiangjin'))).toEqual(own);
  });

  it('builds samples for a plugin without any from a synthetic employer of its region and its own rules', () => {
    const samples = formSamples(registry.get('xinjiang-changji'));
    // a synthetic employer of the 昌吉 directory's divisions (6523xx), not the 江津 one
    expect(samples.reviewForm.employer.creditCode).toMatch(/^.{2}6523/);
    expect(samples.reviewForm.employer.name).not.toMatch(/江津/);
    // its review items and its own review outcome that asks for a letter (昌吉: 不合格 → 责令整改)
    const changjiItems = registry.get('xinjiang-changji').reviewItems();
    expect(samples.rectificationAdvice.findings[0]).toMatchObject({ item: changjiItems[0].item, text: changjiItems[0].text });
    expect(samples.rectificationAdvice.disposition).not.toBe('none');
    // the grades its grading rules give, one row each
    expect(samples.gradeList.rows.map((r) => r.grade).length).toBeGreaterThan(0);
  });

  it.each(['chongqing-jiangjin', 'xinjiang-changji'])('render every form of %s from its samples, as a template override is checked', async (id) => {
    const plugin = registry.get(id);
    const settings = JSON.parse(readFileSync(join(plugin.dir, plugin.manifest.exampleCampaign!), 'utf8'));
    const samples = formSamples(plugin);
    for (const document of DOCUMENTS.filter((d) => d !== 'notice' && d !== 'checklist')) {
      const { html } = await renderDocument(decider, document, { plugin, settings, data: samples[document] });
      expect(html, document).toContain('<!doctype html>');
    }
  });
});
