import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decider } from '../decide.ts';
import { openDatabase } from '../db/index.ts';
import { loadRegistry, projectRoot } from '../registry.ts';
import { renderDocument } from '../render/documents.ts';
import { formSamples } from '../render/samples.ts';
import { localAdministrator } from './actor.ts';
import { syncBureaus } from './bureaus.ts';
import { createCampaign, getCampaign } from './campaign.ts';
import { saveTemplateOverride } from './templates.ts';

const registry = await loadRegistry();
const decider = new Decider(registry);
const db = openDatabase(':memory:');
await syncBureaus(db, registry);
const admin = await localAdministrator(db);
const settings = JSON.parse(readFileSync(join(projectRoot, 'plugins/chongqing-jiangjin/campaign.example.json'), 'utf8'));
const campaign = await createCampaign(db, registry, admin, { plugin: 'chongqing-jiangjin', year: 2023, bureau: 'cq-jiangjin', settings });
const notice = readFileSync(join(projectRoot, 'templates/chongqing-jiangjin/notice.hbs'), 'utf8');

describe('campaign template overrides', () => {
  it.each([
    ['triple-stash', '{{{settings.title}}}'],
    ['triple-stash with whitespace control', '{{~{settings.title}~}}'],
    ['ampersand', '{{& settings.title}}'],
    ['ampersand with whitespace control', '{{~& settings.title}}'],
    ['unescaped inside a block', '{{#if settings.title}}{{~{settings.title}}}{{/if}}'],
    ['a decorator', '{{#*inline "x"}}{{{settings.title}}}{{/inline}}'],
  ])('refuses an override that inserts a value unescaped (%s), checked on the parsed template', async (_what, bad) => {
    await expect(saveTemplateOverride(db, decider, admin, campaign.id, 'notice', notice + bad)).rejects.toMatchObject({ code: 'invalid-input' });
    expect(getCampaign(db, admin, campaign.id).templateOverrides).toEqual({});
  });

  it('accepts escaped values and literal braces in text', async () => {
    expect(await saveTemplateOverride(db, decider, admin, campaign.id, 'notice', `${notice}<p>{{settings.year}} \\{{{not a mustache}}}</p>`)).toEqual([
      'notice',
    ]);
    await saveTemplateOverride(db, decider, admin, campaign.id, 'notice', null);
  });

  it('uses an overridden partial in every document that includes it', async () => {
    await saveTemplateOverride(db, decider, admin, campaign.id, 'formContact', '<p class="contact">本区咨询电话：{{issuer.telephone}}</p>');
    const k = getCampaign(db, admin, campaign.id);
    const plugin = registry.get(k.plugin);
    const { html } = await renderDocument(decider, 'rectificationAdvice', {
      plugin,
      settings: k.settings,
      issuer: plugin.bureau(k.bureauId),
      overrides: k.templateOverrides,
      data: formSamples(plugin).rectificationAdvice,
    });
    expect(html).toContain('本区咨询电话');
  });

  it('refuses a partial override that breaks a document that includes it', async () => {
    await expect(saveTemplateOverride(db, decider, admin, campaign.id, 'formContact', '{{issuer.nosuch}}')).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
