/** A campaign's official documents, as HTML to print or .docx to edit; the rest of the API is in lifecycle.ts. */
import { DOCUMENTS } from '../../core/render/documents.ts';
import { toDocx } from '../../core/render/docx.ts';
import { renderCampaignDocument } from '../../core/services/forms.ts';
import { documentPolicy } from '../documentPolicy.ts';
import { FileResult, type Endpoint } from '../endpoint.ts';

export const campaignEndpoints: Endpoint[] = [
  {
    method: 'get',
    path: '/campaigns/:id/documents/:name',
    summary: `A campaign's document (${DOCUMENTS.join(', ')}): HTML to print, or ?format=docx; ?employer=CODE for an employer's`,
    query: {
      employer: { description: 'an employer’s credit code, for its forms' },
      format: { description: 'html (default) or docx', schema: { enum: ['html', 'docx'] } },
    },
    run: async ({ deps, actor, c, param, query }) => {
      const { title, html } = await renderCampaignDocument(deps.db, deps.decider, actor, Number(param('id')) || 0, param('name'), query('employer'));
      if (query('format') === 'docx')
        return new FileResult(await toDocx(html, title), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', `${title}.docx`);
      // the document's own policy, which the global one (app.ts) leaves in place
      c.header('content-security-policy', documentPolicy(html));
      return c.html(html);
    },
  },
];
