/** The console's page frame: Chinese, server-rendered, every asset from this app (no CDN). */
import type { Child } from 'hono/jsx';
import type { Session } from '../sessions.ts';

export function Layout(props: { title: string; session: Session | null; children: Child }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · 监察</title>
        <link rel="stylesheet" href="/assets/console.css" />
        <script src="/assets/fileInput.js" defer />
        <script src="/assets/dateOrder.js" defer />
        {/* a module: its names stay its own, apart from the other scripts' */}
        <script type="module" src="/assets/fieldMessages.js" />
      </head>
      <body>
        <header>
          <a class="brand" href="/">
            监察 · 书面审查与守法诚信等级评价
          </a>
          {props.session && (
            <form method="post" action="/logout" class="who">
              <span>
                {props.session.displayName}（{ROLE[props.session.actor.role]}）
              </span>{' '}
              <a href="/password">修改密码</a>
              <input type="hidden" name="_csrf" value={props.session.csrfToken} />
              <button type="submit">退出</button>
            </form>
          )}
        </header>
        <main>{props.children}</main>
        <footer>
          <a href="/api/docs">接口文档</a> · <a href="/api/openapi.json">OpenAPI</a>
        </footer>
      </body>
    </html>
  );
}

export const ROLE: Record<string, string> = { administrator: '管理员', head: '负责人', clerk: '经办人', employer: '用人单位' };
export const STATUS: Record<string, string> = {
  created: '已创建',
  assigned: '已划分管辖',
  drawn: '已抽取（申报与审查中）',
  graded: '已初评',
  publicity: '公示中',
  published: '已公布',
};

/** The outcome of the last action, carried in the redirect's query (escaped like any text). */
export function Flash(props: { ok?: string; error?: string }) {
  return (
    <>
      {props.ok && <p class="ok">{props.ok}</p>}
      {props.error && <p class="error">{props.error}</p>}
    </>
  );
}

/**
 * A file input with a Chinese button and file name (选择文件, 未选择文件) once fileInput.js runs;
 * the browser's own widget, in the browser's language, until then.
 */
export function FileInput(props: { name: string; accept: string; label: string }) {
  return (
    <label class="file">
      <input type="file" name={props.name} accept={props.accept} required aria-label={props.label} />
      <span class="file-button" aria-hidden="true">
        选择文件
      </span>
      <span class="file-name" aria-live="polite" />
    </label>
  );
}

/**
 * A date field in Chinese: a text field for 年-月-日 (2024-05-31), not the browser's own date
 * widget, which shows its empty format in the browser's language ("mm/dd/yyyy" in an English
 * Chromium) whatever the page's lang. dateOrder.js writes 20240531 or 2024年5月31日 as 2024-05-31
 * and refuses, in Chinese, a date that does not exist or comes before `min` or the dates named in
 * `after` (a day later) and `notBefore` (the same day or later); the server checks again.
 */
export function DateInput(props: {
  name: string;
  value?: string;
  min?: string;
  id?: string;
  required?: boolean;
  after?: string;
  notBefore?: string;
  invalid?: boolean;
}) {
  const { min, after, notBefore, invalid, ...input } = props;
  return (
    <>
      <input
        {...input}
        class="date"
        inputmode="numeric"
        pattern="\d{4}-\d{2}-\d{2}"
        placeholder="年-月-日"
        title="年-月-日，如 2024-05-31"
        autocomplete="off"
        data-min={min}
        data-after={after}
        data-not-before={notBefore}
        aria-invalid={invalid ? 'true' : undefined}
      />
      <small class="note date-hint">如 2024-05-31</small>
    </>
  );
}

/** A form that posts with the session's CSRF token. */
export function PostForm(props: { action: string; session: Session; children?: Child; upload?: boolean; class?: string }) {
  return (
    <form method="post" action={props.action} class={props.class} enctype={props.upload ? 'multipart/form-data' : undefined}>
      <input type="hidden" name="_csrf" value={props.session.csrfToken} />
      {props.children}
    </form>
  );
}
