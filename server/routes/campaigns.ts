/** Campaigns and their grades, scoped to the caller's bureau. */
import { Hono } from 'hono';
import { getCampaign, listCampaigns } from '../../core/services/campaign.ts';
import { verifyDraw } from '../../core/services/draw.ts';
import { exportGrades, listGrades } from '../../core/services/grades.ts';
import { renderDocument, type DocumentInput } from '../../core/render/documents.ts';
import { toDocx } from '../../core/render/docx.ts';
import { employerFacts } from '../../core/services/employerFacts.ts';
import { findEmployer } from '../../core/services/population.ts';
import { actorOf } from '../auth.ts';
import type { AppEnv } from '../context.ts';

export const campaignRoutes = new Hono<AppEnv>();

const id = (raw: string) => Number(raw) || 0;

campaignRoutes.get('/', (c) => c.json(listCampaigns(c.get('deps').db, actorOf(c))));

campaignRoutes.get('/:id', (c) => c.json(getCampaign(c.get('deps').db, actorOf(c), id(c.req.param('id')))));

campaignRoutes.get('/:id/grades', async (c) => {
  const rows = listGrades(c.get('deps').db, actorOf(c), id(c.req.param('id')));
  const format = c.req.query('format') ?? 'json';
  if (format === 'json') return c.json(rows);
  const data = await exportGrades(rows, format);
  const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return c.body(new Uint8Array(data), 200, { 'content-type': type, 'content-disposition': `attachment; filename="grades-${c.req.param('id')}.${format}"` });
});

/** Official documents of a campaign: the notice, an employer's checklist; HTML to print or .docx to edit. */
campaignRoutes.get('/:id/documents/:name', async (c) => {
  const { db, decider, registry } = c.get('deps');
  const actor = actorOf(c);
  const campaign = getCampaign(db, actor, id(c.req.param('id')));
  const plugin = registry.get(campaign.plugin);
  const input: DocumentInput = { plugin, settings: campaign.settings, issuer: plugin.bureau(campaign.bureauId), overrides: campaign.templateOverrides };
  const code = c.req.query('employer');
  if (code) input.employer = employerFacts(findEmployer(db, actor, campaign, code));
  const { title, html } = await renderDocument(decider, c.req.param('name'), input);
  if (c.req.query('format') === 'docx') {
    const name = encodeURIComponent(`${title}.docx`);
    return c.body(new Uint8Array(await toDocx(html, title)), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'content-disposition': `attachment; filename*=UTF-8''${name}`,
    });
  }
  // the document carries its print styles inline, so it also prints when saved as a file
  c.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  return c.html(html);
});

campaignRoutes.post('/:id/verify-draw', async (c) => {
  const { db, decider } = c.get('deps');
  return c.json(await verifyDraw(db, decider, actorOf(c), id(c.req.param('id'))));
});
