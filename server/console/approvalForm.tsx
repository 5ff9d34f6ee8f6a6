/**
 * A head's decision on a recorded review (staff only): approve with an optional 审批意见, or send it
 * back (退回) to the reviewer with why; and the review's history of those decisions.
 */
import type { ReviewComment } from '../../core/services/reviews.ts';
import type { Session } from '../sessions.ts';
import { PostForm } from './layout.tsx';
import { FormErrors, type Posted, typed } from './posted.tsx';

export function ApprovalForm(props: { action: string; session: Session; posted: Posted | undefined }) {
  return (
    <PostForm action={props.action} session={props.session}>
      <FormErrors posted={props.posted} />
      <label>
        审批意见（退回时必填，写明退回理由）
        <textarea name="comment" rows={3} maxlength={2000}>
          {typed(props.posted, 'comment') ?? ''}
        </textarea>
      </label>
      <button type="submit" name="decision" value="approve">
        审批通过
      </button>
      <button type="submit" name="decision" value="return" class="secondary">
        退回审查人员
      </button>
    </PostForm>
  );
}

const ACTION: Record<string, string> = { approve: '审批通过', return: '退回' };

export function ApprovalHistory(props: { entries: (ReviewComment & { byName: string | null })[] }) {
  if (!props.entries.length) return null;
  return (
    <>
      <h3>审批记录</h3>
      <ol class="history">
        {props.entries.map((e) => (
          <li>
            {e.at.slice(0, 10)} {e.byName ?? ''} {ACTION[e.action] ?? e.action}
            {e.comment ? `：${e.comment}` : ''}
          </li>
        ))}
      </ol>
    </>
  );
}
