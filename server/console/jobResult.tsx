/**
 * What a long step (a job) gave, in Chinese: its counts under their Chinese names, bureaus by name,
 * never raw JSON or ids; and a failed import's every error by row and column, with the sheet of them.
 */
import { schema, type Db } from '../../core/db/index.ts';
import type { ErrorDetail } from '../../core/errors.ts';
import { importErrors } from '../../core/services/importErrors.ts';
import type { Job } from '../jobs.ts';

/** The result fields of the steps (steps.ts), in Chinese; a field not named here is not shown. */
const FIELDS: Record<string, string> = {
  rows: '文件行数',
  inserted: '新增单位',
  updated: '更新单位',
  employers: '用人单位',
  inScope: '纳入本次活动',
  byBureau: '各人社局管辖',
  counts: '各等级',
  byGrade: '各等级',
  drawn: '抽取',
  year: '年度',
  runId: '评价批次',
  rulesetHash: '所用规则摘要',
};

export function bureauNames(db: Db): Map<string, string> {
  return new Map(
    db
      .select({ id: schema.bureaus.id, name: schema.bureaus.name })
      .from(schema.bureaus)
      .all()
      .map((b) => [b.id, b.name]),
  );
}

function value(v: unknown, bureaus: Map<string, string>) {
  if (typeof v === 'number') return v.toLocaleString('zh-CN');
  if (v && typeof v === 'object') {
    return (
      <ul class="counts">
        {Object.entries(v as Record<string, unknown>).map(([k, n]) => (
          <li>
            {bureaus.get(k) ?? k}：{typeof n === 'number' ? n.toLocaleString('zh-CN') : String(n)}
          </li>
        ))}
      </ul>
    );
  }
  return String(v);
}

export function JobResult(props: { result: Record<string, unknown>; bureaus: Map<string, string> }) {
  const shown = Object.entries(props.result).filter(([k]) => k in FIELDS);
  return (
    <dl>
      {shown.map(([k, v]) => (
        <>
          <dt>{FIELDS[k]}</dt>
          <dd class={k === 'rulesetHash' ? 'hash' : undefined}>{value(v, props.bureaus)}</dd>
        </>
      ))}
    </dl>
  );
}

/** The failure in Chinese and every error it names, with a link to them all as a sheet. */
export function JobErrors(props: { job: Job }) {
  const error = props.job.error;
  if (!error) return <p class="error">失败</p>;
  const errors = importErrors(error.details as ErrorDetail[]);
  return (
    <>
      <p class="error">{error.zh ?? error.message}</p>
      {errors.length > 0 && (
        <>
          <p>
            共 {errors.length.toLocaleString('zh-CN')} 处错误。<a href={`/jobs/${props.job.id}/errors.xlsx`}>下载全部错误（Excel）</a>
          </p>
          <table class="import-errors">
            <thead>
              <tr>
                <th>行</th>
                <th>列</th>
                <th>错误</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((e) => (
                <tr>
                  <td>{e.row ?? ''}</td>
                  <td>{e.column}</td>
                  <td>{e.error}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
