/** A campaign's official documents, as HTML to print or .docx to edit; the rest of the API is in lifecycle.ts. */
import { Hono } from 'hono';
import { toDocx } from '../../core/render/docx.ts';
import { renderCampaignDocument } from '../../core/services/forms.ts';
import { actorOf } from '../auth.ts';
import type { AppEnv } from '../context.ts';

export const campaignRoutes = new Hono<AppEnv>();

const id = (raw: string) => Number(raw) || 0;

/** Official documents of a campaign: the notice, an employer's checklist and forms; HTML to print or .docx to edit. */
campaignRoutes.get('/:id/documents/:name', async (c) => {
  const { db, decider } = c.get('deps');
  const { title, html } = await renderCampaignDocument(db, decider, actorOf(c), id(c.req.param('id')), c.req.param('name'), c.req.query('employer'));
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
