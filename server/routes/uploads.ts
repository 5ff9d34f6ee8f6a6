/** An employer's uploaded documents: each checklist item's files, uploaded, listed, read and removed. */
import { MAX_UPLOAD_BYTES, readUpload, removeUpload, uploadDocument, uploadState } from '../../core/services/uploads.ts';
import { FileResult, type Call, type Endpoint } from '../endpoint.ts';

const ids = (call: Call<unknown>) => [Number(call.param('id')) || 0, call.param('employer')] as const;

export const uploadEndpoints: Endpoint[] = [
  {
    method: 'get',
    path: '/campaigns/:id/employers/:employer/uploads',
    summary: 'The employer’s upload items of its checklist, each with its files (name, type, size, SHA-256), and how many have a file',
    run: (call) => uploadState(call.deps.db, call.actor, ...ids(call)),
  },
  {
    method: 'post',
    path: '/campaigns/:id/employers/:employer/uploads/:document',
    step: 'upload.submit',
    summary: `Upload a file for a checklist item (the body is the file; ?name=FILE): PDF, JPG or PNG by its content, up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`,
    upload: true,
    query: { name: { description: 'the file’s name, shown back to the employer and its reviewer' } },
    doc: {
      requestBody: {
        required: true,
        content: { 'application/pdf': {}, 'image/jpeg': {}, 'image/png': {}, 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      },
    },
    run: async (call) =>
      uploadDocument(call.deps.db, call.actor, ...ids(call), call.param('document'), { name: call.query('name') ?? '', data: await call.raw() }),
  },
  {
    method: 'get',
    path: '/campaigns/:id/employers/:employer/uploads/:upload/file',
    summary: 'An uploaded file as it was received (its SHA-256 is in the list)',
    run: async (call) => {
      const row = await readUpload(call.deps.db, call.actor, ...ids(call), Number(call.param('upload')) || 0);
      return new FileResult(row.data, row.type, row.fileName);
    },
  },
  {
    method: 'post',
    path: '/campaigns/:id/employers/:employer/uploads/:upload/delete',
    step: 'upload.submit',
    summary: 'Remove a file uploaded by mistake, while the review is open',
    run: (call) => removeUpload(call.deps.db, call.actor, ...ids(call), Number(call.param('upload')) || 0),
  },
];
