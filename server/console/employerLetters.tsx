/**
 * The letter of an employer's account (账号通知书) with its one-time password, one a sheet: on the
 * console's page that answers a batch, and as a file the CLI writes. Both print the same letters.
 */
import { readFileSync } from 'node:fs';
import { raw } from 'hono/html';
import { join } from 'node:path';
import type { Db } from '../../core/db/index.ts';
import { today } from '../../core/facts.ts';
import { projectRoot } from '../../core/projectRoot.ts';
import type { Registry } from '../../core/registry.ts';
import { chineseDate } from '../../core/render/helpers.ts';
import type { Campaign } from '../../core/services/campaign.ts';
import { declarationDeadline } from '../../core/services/declarationDeadline.ts';
import type { Letter } from '../../core/services/employerAccounts.ts';
import { bureauNames } from './jobResult.tsx';

/** The letters of one batch of a campaign; `origin` is the address employers log in at. */
export function EmployerLetters(props: { db: Db; registry: Registry; campaign: Campaign; letters: Letter[]; origin: string }) {
  const { db, registry, campaign, letters, origin } = props;
  const names = bureauNames(db);
  const deadline = declarationDeadline(campaign);
  const title = `${registry.get(campaign.plugin).manifest.name}${campaign.year}年度`;
  return (
    <>
      {letters.map((l) => (
        <EmployerLetter
          letter={l}
          bureau={names.get(l.bureauId) ?? l.bureauId}
          campaign={title}
          origin={origin}
          deadline={`${chineseDate(deadline.dueDate)}（${deadline.setBy}）`}
        />
      ))}
    </>
  );
}

function EmployerLetter(props: { letter: Letter; bureau: string; campaign: string; origin: string; deadline: string }) {
  const { letter, bureau, campaign, origin, deadline } = props;
  return (
    <article class="letter">
      <h2>劳动保障监察书面审查网上申报账号通知书</h2>
      <p>
        {letter.name}（统一社会信用代码：{letter.creditCode}）：
      </p>
      <p>
        贵单位已列入{campaign}劳动保障监察书面审查名单。请登录 {origin} 网上申报，并按书面材料清单上传须上传的材料。
      </p>
      <dl>
        <dt>用户名</dt>
        <dd class="code">{letter.username}</dd>
        <dt>一次性密码</dt>
        <dd class="code password">{letter.password}</dd>
        <dt>申报截止</dt>
        <dd>{deadline}</dd>
      </dl>
      <p>首次登录须修改密码（至少 10 个字符，不得包含用户名）。请妥善保管本通知书，勿转交他人。</p>
      <p class="sign">
        {bureau}
        <br />
        {chineseDate(today())}
      </p>
    </article>
  );
}

/** The letters as one HTML file to print, styled as the console prints them (its own stylesheet inline). */
export function employerLettersFile(props: Parameters<typeof EmployerLetters>[0]): string {
  const css = readFileSync(join(projectRoot, 'server/assets/console.css'), 'utf8');
  const page = (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>账号通知书</title>
        {/* the project's own stylesheet, not text anyone typed */}
        <style>{raw(css)}</style>
      </head>
      <body>
        <main>
          <div class="letters">
            <EmployerLetters {...props} />
          </div>
        </main>
      </body>
    </html>
  );
  return `<!doctype html>${page.toString()}`;
}
