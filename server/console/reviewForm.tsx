/**
 * The reviewer's form of one employer's written review (staff only): a finding per review item. It
 * opens with the findings already recorded, so correcting a review does not start from blank, and
 * after a refusal with what was typed (posted.tsx).
 */
import type { Finding } from '../../core/db/schema/review.ts';
import type { ReviewItem } from '../../core/types.ts';
import type { Session } from '../sessions.ts';
import { PostForm } from './layout.tsx';
import { FormErrors, type Posted, typed } from './posted.tsx';

/** The fields of an item's finding: its severity and the reviewer's note. */
export const SEVERITY = 'severity:';
export const NOTE = 'note:';

const SEVERITIES: [Finding['severity'] | '', string][] = [
  ['', '未发现问题'],
  ['minor', '轻微'],
  ['penalty', '应予处罚'],
];

export function ReviewForm(props: {
  action: string;
  session: Session;
  items: ReviewItem[];
  recorded: { findings: Finding[]; undetermined: boolean } | undefined;
  posted: Posted | undefined;
}) {
  const { posted, recorded } = props;
  const finding = (item: string) => recorded?.findings.find((f) => f.item === item);
  // a refused post: what it carried, an unticked box included; else what is recorded
  const undetermined = posted ? typed(posted, 'undetermined') === '1' : Boolean(recorded?.undetermined);
  return (
    <PostForm action={props.action} session={props.session}>
      <FormErrors posted={posted} />
      {recorded?.findings.length ? <p class="note">已录入的发现如下，可修改后重新录入。</p> : null}
      <table>
        <thead>
          <tr>
            <th>审查事项</th>
            <th>发现</th>
            <th>说明</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((i) => {
            const severity = typed(posted, `${SEVERITY}${i.item}`) ?? finding(i.item)?.severity ?? '';
            return (
              <tr>
                <td>{i.text}</td>
                <td>
                  <select name={`${SEVERITY}${i.item}`} aria-label={`${i.text}：发现`}>
                    {SEVERITIES.map(([value, label]) => (
                      <option value={value} selected={value === severity}>
                        {label}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input name={`${NOTE}${i.item}`} aria-label={`${i.text}：说明`} value={typed(posted, `${NOTE}${i.item}`) ?? finding(i.item)?.note ?? ''} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <label>
        <input type="checkbox" name="undetermined" value="1" checked={undetermined} /> 书面材料无法确定，需实地核查
      </label>
      <button type="submit">{recorded?.findings.length || recorded?.undetermined ? '重新录入审查结果' : '录入审查结果'}</button>
    </PostForm>
  );
}
