/** The console's uploads of an employer's documents: a file per form post, and its removal. */
import { Hono, type Context } from 'hono';
import { JianchaError } from '../../core/errors.ts';
import { removeUpload, uploadDocument } from '../../core/services/uploads.ts';
import type { AppEnv } from '../context.ts';
import { act } from './actions.tsx';

export const uploadActions = new Hono<AppEnv>();

const ids = (c: Context<AppEnv>) => [Number(c.req.param('id')) || 0, c.req.param('code') ?? ''] as const;
// back to the checklist on the employer's page
const back = (c: Context<AppEnv>) => `/campaigns/${c.req.param('id')}/employers/${c.req.param('code')}`;

uploadActions.post('/campaigns/:id/employers/:code/uploads/:document', (c) =>
  act(c, back(c), async (actor, form, deps) => {
    const file = form.file;
    if (!(file instanceof File)) throw new JianchaError('invalid-input', '请选择要上传的文件（PDF、JPG 或 PNG）', 'choose a file to upload');
    const saved = await uploadDocument(deps.db, actor, ...ids(c), c.req.param('document') ?? '', {
      name: file.name,
      data: Buffer.from(await file.arrayBuffer()),
    });
    return `已上传 ${saved.fileName}（${(saved.size / 1024).toFixed(0)} KB，SHA-256 ${saved.sha256.slice(0, 12)}…）`;
  }),
);

uploadActions.post('/campaigns/:id/employers/:code/uploads/:upload/delete', (c) =>
  act(c, back(c), async (actor, _form, deps) => {
    await removeUpload(deps.db, actor, ...ids(c), Number(c.req.param('upload')) || 0);
    return '已删除该文件';
  }),
);
