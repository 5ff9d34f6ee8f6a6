/** Campaigns and their grades, scoped to the caller's bureau. */
import { Hono } from 'hono';
import { getCampaign, listCampaigns } from '../../core/services/campaign.ts';
import { verifyDraw } from '../../core/services/draw.ts';
import { exportGrades, listGrades } from '../../core/services/grades.ts';
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

campaignRoutes.post('/:id/verify-draw', async (c) => {
  const { db, decider } = c.get('deps');
  return c.json(await verifyDraw(db, decider, actorOf(c), id(c.req.param('id'))));
});
