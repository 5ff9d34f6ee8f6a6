/**
 * Parts of an employer's page: the declaration deadline it reads before declaring, its checklist
 * with the staff drawn and, for each item to upload, its files and the form to add one, and next
 * year's supervision.
 */
import type { DocumentItem } from '../../core/decisions/documents.ts';
import { chineseDate } from '../../core/render/helpers.ts';
import type { DeclarationDeadline } from '../../core/services/declarationDeadline.ts';
import { type PlanRow, patrolsText } from '../../core/services/supervision.ts';
import type { UploadState } from '../../core/services/uploads.ts';
import type { Session } from '../sessions.ts';
import { FileInput, PostForm } from './layout.tsx';

export function Deadline(props: { deadline: DeclarationDeadline }) {
  const { dueDate, setBy, workingDaysLeft, passed } = props.deadline;
  return (
    <p class={passed ? 'deadline error' : 'deadline'}>
      申报截止：<strong>{chineseDate(dueDate)}</strong>（{setBy}）。
      {passed ? '已过截止日期，现在申报将记为逾期。' : workingDaysLeft ? `距截止还有 ${workingDaysLeft} 个工作日。` : '今天是最后一天。'}
    </p>
  );
}

const PHASES: Record<string, string> = { upload: '平台上传', bringToReview: '审核时携带', mailIn: '线下报送' };
const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/**
 * The declaration's checklist, item by item: the staff drawn (系统抽中人员) above it, the items to
 * upload with their files; `mayUpload` when the session may add or remove files now.
 */
export function Checklist(props: {
  checklist: DocumentItem[];
  staff: { id: string; name: string }[];
  uploads: UploadState;
  base: string;
  files: string;
  session: Session;
  mayUpload: boolean;
  maxBytes: number;
}) {
  const { checklist, staff, uploads, base, files, session, mayUpload } = props;
  const byId = new Map(uploads.items.map((i) => [i.id, i]));
  return (
    <section class="card" id="checklist">
      <h2>书面材料清单</h2>
      {uploads.required > 0 && (
        <p class={uploads.uploaded === uploads.required ? 'ok' : 'warning'}>
          平台上传：已上传 {uploads.uploaded} / {uploads.required} 项
        </p>
      )}
      <p>
        系统抽中人员（{staff.length}人）：{staff.map((s) => `${s.name}（${s.id}）`).join('、') || '—'}
      </p>
      {mayUpload && uploads.required > 0 && (
        <p class="note">每个文件须为 PDF、JPG 或 PNG（按文件内容判断），不超过 {props.maxBytes / 1024 / 1024} MB；一项材料可上传多个文件。</p>
      )}
      <ol class="checklist">
        {checklist.map((d) => {
          const item = byId.get(d.id);
          return (
            <li>
              <span class="phase">{PHASES[d.phase] ?? d.phase}</span> {d.name}
              {d.quantity && `（${d.quantity}）`}
              {d.copies > 1 && `，${d.copies}份`}
              {d.sealed && '，须加盖公章'}
              {item && (
                <>
                  <strong class={item.files.length ? 'ok' : 'warning'}>{item.files.length ? ` 已上传 ${item.files.length} 个文件` : ' 未上传'}</strong>
                  <ul class="files">
                    {item.files.map((f) => (
                      <li>
                        <a href={`${files}/${f.id}/file`}>{f.fileName}</a> {size(f.size)} <span class="hash">SHA-256 {f.sha256.slice(0, 16)}…</span>
                        {mayUpload && (
                          <PostForm action={`${base}/uploads/${f.id}/delete`} session={session} class="inline">
                            <button type="submit" class="secondary">
                              删除
                            </button>
                          </PostForm>
                        )}
                      </li>
                    ))}
                  </ul>
                  {mayUpload && (
                    <PostForm action={`${base}/uploads/${d.id}`} session={session} upload class="upload">
                      <FileInput name="file" accept={ACCEPT} label={d.name} />
                      <button type="submit">上传</button>
                    </PostForm>
                  )}
                </>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** Next year's supervision of the employer: its measures, and its patrol dates only for staff. */
export function Supervision(props: { plan: PlanRow; year: number }) {
  const { plan } = props;
  return (
    <section class="card">
      <h2>{props.year}年度分类监管</h2>
      <dl>
        <dt>巡查日期</dt>
        <dd>{patrolsText(plan)}</dd>
        <dt>约谈</dt>
        <dd>{plan.interview ? '约谈' : '—'}</dd>
        <dt>监管措施</dt>
        <dd>
          {plan.measures.map((m) => (
            <div>{m}</div>
          ))}
        </dd>
      </dl>
    </section>
  );
}
