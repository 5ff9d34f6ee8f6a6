/**
 * The documents a drawn employer uploads for its written review (平台上传), each against one item of
 * its declaration's checklist: the bytes as received, their SHA-256 and the type their first bytes
 * show. Kept in the database, so a backup of it holds them and a review reads them in one place.
 */
import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { campaigns } from './campaign.ts';
import { employers, users } from './registry.ts';

export const uploads = sqliteTable(
  'uploads',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    employerId: integer('employer_id')
      .notNull()
      .references(() => employers.id),
    /** the checklist item's id (the documents decision's `id`) */
    document: text('document').notNull(),
    /** the name the file had on the uploader's machine, as shown back to people */
    fileName: text('file_name').notNull(),
    /** application/pdf, image/jpeg or image/png, from the magic bytes, not from the name */
    type: text('type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    data: blob('data', { mode: 'buffer' }).$type<Buffer>().notNull(),
    uploadedBy: integer('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedAt: text('uploaded_at').notNull(),
  },
  (t) => [index('uploads_employer').on(t.campaignId, t.employerId)],
);
