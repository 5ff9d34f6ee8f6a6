/**
 * The documents a drawn employer uploads (平台上传, e.g. 昌吉通知 “平台须上传的资料”): one or more
 * files for each checklist item of phase `upload` in its declaration. A file is accepted as PDF, JPG
 * or PNG by its first bytes, never by its name, up to MAX_UPLOAD_BYTES; it is kept with its SHA-256,
 * seen by the employer and by the staff who see the employer (its reviewer among them), and counted
 * in the checklist's state. Files can be replaced until the review is approved.
 */
import { and, asc, eq, getTableColumns } from 'drizzle-orm';
import type { DocumentItem } from '../decisions/documents.ts';
import { schema, type Db } from '../db/index.ts';
import { first, transaction } from '../db/store.ts';
import { JianchaError } from '../errors.ts';
import { sha256 } from '../hash.ts';
import { requireStep } from '../policy.ts';
import { now, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { getCampaign, requireStatus, requireStatusNow, type Campaign } from './campaign.ts';
import { requireDrawn } from './declarations.ts';
import type { EmployerRow } from './employerFacts.ts';
import { employerToChange, findEmployer } from './population.ts';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** The types accepted, each by the bytes its files begin with. */
const MAGIC: { type: string; label: string; bytes: number[] }[] = [
  { type: 'application/pdf', label: 'PDF', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'image/png', label: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', label: 'JPG', bytes: [0xff, 0xd8, 0xff] },
];

/** The file's type by its magic bytes, or undefined for anything else (a renamed .exe, a Word file). */
export function sniffType(data: Uint8Array): string | undefined {
  return MAGIC.find((m) => m.bytes.every((b, i) => data[i] === b))?.type;
}

export type Upload = Omit<typeof schema.uploads.$inferSelect, 'data'>;

/** Every column but the bytes, for lists. */
const { data: _data, ...LISTED } = getTableColumns(schema.uploads);

const actionZh = { zh: '上传书面材料', en: 'upload documents' };

/** The checklist of the employer's declaration: uploads belong to its items. */
async function checklistOf(db: Db, campaign: Campaign, employer: EmployerRow): Promise<DocumentItem[] | undefined> {
  const row = await first(
    db
      .select({ checklist: schema.declarations.checklist })
      .from(schema.declarations)
      .where(and(eq(schema.declarations.campaignId, campaign.id), eq(schema.declarations.employerId, employer.id))),
  );
  return row?.checklist as DocumentItem[] | undefined;
}

/** The items the employer uploads, in the checklist's order. */
export function uploadItems(checklist: unknown[] | undefined): DocumentItem[] {
  return ((checklist ?? []) as DocumentItem[]).filter((d) => d.phase === 'upload');
}

async function reviewApproved(db: Db, campaign: Campaign, employer: EmployerRow): Promise<boolean> {
  const r = schema.reviews;
  return Boolean(
    await first(
      db
        .select({ id: r.id })
        .from(r)
        .where(and(eq(r.campaignId, campaign.id), eq(r.employerId, employer.id), eq(r.status, 'approved'))),
    ),
  );
}

/** The employer, for a change to its uploads: itself or its bureau, while the review is open. */
async function toChange(db: Db, actor: Actor, campaignId: number, creditCode: string) {
  const campaign = getCampaign(db, actor, campaignId);
  requireStep(actor, 'upload.submit', campaign.plugin);
  const { employer, bureauId } = employerToChange(db, actor, campaign, creditCode, true);
  requireStatus(campaign, 'drawn', actionZh, 'drawn');
  requireDrawn(db, campaign, employer);
  if (await reviewApproved(db, campaign, employer))
    throw new JianchaError('conflict', '审查已审批，不能再修改上传的材料', 'the review is approved: uploads are closed');
  return { campaign, employer, bureauId };
}

/** A file's name as shown back: its last path segment, without control characters, at most 100 characters. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = [...base.replace(/[\u0000-\u001f\u007f]/g, '').trim()].slice(-100).join('');
  return clean || '未命名文件';
}

export async function uploadDocument(
  db: Db,
  actor: Actor,
  campaignId: number,
  creditCode: string,
  document: string,
  file: { name: string; data: Buffer },
): Promise<Upload> {
  // checked in the transaction that writes, so that an approval in between cannot be overtaken
  return transaction(db, async (tx) => {
    const { campaign, employer, bureauId } = await toChange(tx, actor, campaignId, creditCode);
    const checklist = await checklistOf(tx, campaign, employer);
    if (!checklist) throw new JianchaError('conflict', '请先申报：须上传的材料清单随申报生成', 'declare first: the checklist comes with the declaration');
    const item = uploadItems(checklist).find((d) => d.id === document);
    if (!item) {
      const listed = uploadItems(checklist).map((d) => d.name);
      throw new JianchaError(
        'invalid-input',
        `书面材料清单中没有须上传的材料“${document}”${listed.length ? `（须上传：${listed.join('、')}）` : '（本单位的清单没有须在平台上传的材料）'}`,
        `no upload item "${document}" in the checklist`,
      );
    }
    if (!file.data.length) throw new JianchaError('invalid-input', `文件“${cleanName(file.name)}”是空的`, 'the file is empty');
    if (file.data.length > MAX_UPLOAD_BYTES) {
      throw new JianchaError(
        'invalid-input',
        `文件“${cleanName(file.name)}”超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，请压缩或分成几个文件上传`,
        `the file is over ${MAX_UPLOAD_BYTES} bytes`,
      );
    }
    const type = sniffType(file.data);
    if (!type) {
      throw new JianchaError(
        'invalid-input',
        `文件“${cleanName(file.name)}”不是 ${MAGIC.map((m) => m.label).join('、')} 文件（按文件内容判断，不看扩展名）`,
        'only PDF, JPG and PNG files are accepted (by their content)',
      );
    }
    const row = {
      campaignId: campaign.id,
      employerId: employer.id,
      document: item.id,
      fileName: cleanName(file.name),
      type,
      size: file.data.length,
      sha256: sha256(file.data),
      data: file.data,
      uploadedBy: actor.userId,
      uploadedAt: now(),
    };
    await requireStatusNow(tx, campaign.id, 'drawn', actionZh, 'drawn');
    const saved = (await first(tx.insert(schema.uploads).values(row).returning(LISTED)))!;
    await audit(tx, actor, 'upload', 'upload', saved.id, null, { ...saved, creditCode: employer.creditCode }, { bureauId });
    return saved;
  });
}

/** Remove a file uploaded by mistake, while the review is open. */
export async function removeUpload(db: Db, actor: Actor, campaignId: number, creditCode: string, id: number): Promise<{ removed: number }> {
  return transaction(db, async (tx) => {
    const { campaign, employer, bureauId } = await toChange(tx, actor, campaignId, creditCode);
    const u = schema.uploads;
    const where = and(eq(u.id, id), eq(u.campaignId, campaign.id), eq(u.employerId, employer.id));
    const row = await first(tx.select(LISTED).from(u).where(where));
    if (!row) throw new JianchaError('not-found', `${employer.name} 没有编号为 ${id} 的上传文件`, `no upload ${id} of ${employer.creditCode}`);
    await requireStatusNow(tx, campaign.id, 'drawn', actionZh, 'drawn');
    await tx.delete(u).where(where);
    await audit(tx, actor, 'remove', 'upload', id, row, null, { bureauId });
    return { removed: id };
  });
}

export interface UploadState {
  /** each upload item of the checklist with its files */
  items: { id: string; name: string; files: Upload[] }[];
  required: number;
  uploaded: number;
}

/** The employer's uploads by checklist item, and how many items have a file: the checklist's state. */
export async function uploadState(db: Db, actor: Actor, campaignId: number, creditCode: string): Promise<UploadState> {
  const campaign = getCampaign(db, actor, campaignId);
  const employer = findEmployer(db, actor, campaign, creditCode);
  const u = schema.uploads;
  const files = await db
    .select(LISTED)
    .from(u)
    .where(and(eq(u.campaignId, campaign.id), eq(u.employerId, employer.id)))
    .orderBy(asc(u.id));
  const items = uploadItems(await checklistOf(db, campaign, employer)).map((d) => ({
    id: d.id,
    name: d.name,
    files: files.filter((f) => f.document === d.id),
  }));
  return { items, required: items.length, uploaded: items.filter((i) => i.files.length).length };
}

/** One uploaded file with its bytes, for the employer and the staff who see it. */
export async function readUpload(db: Db, actor: Actor, campaignId: number, creditCode: string, id: number): Promise<typeof schema.uploads.$inferSelect> {
  const campaign = getCampaign(db, actor, campaignId);
  const employer = findEmployer(db, actor, campaign, creditCode);
  const u = schema.uploads;
  const row = await first(
    db
      .select()
      .from(u)
      .where(and(eq(u.id, id), eq(u.campaignId, campaign.id), eq(u.employerId, employer.id))),
  );
  if (!row) throw new JianchaError('not-found', `${employer.name} 没有编号为 ${id} 的上传文件`, `no upload ${id} of ${employer.creditCode}`);
  return row;
}
