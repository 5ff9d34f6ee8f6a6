/**
 * A long list in the console: a search and filter form, column headers that sort, and page links
 * (第 n / N 页, with the total). Every link carries the whole listing in its query, which the server reads
 * with core/services/listing.ts as the API does: the page is rendered from SQL one page at a time.
 */
import type { Child } from 'hono/jsx';
import { PAGE_SIZE, type Listing, type Page } from '../../core/services/listing.ts';

/** The query of a listing, with `change` over it; defaults are left out so links stay short. */
export function listingHref(path: string, listing: Listing, change: Partial<Listing> = {}): string {
  const l = { ...listing, ...change, filters: { ...listing.filters, ...change.filters } };
  const query = new URLSearchParams();
  if (l.q) query.set('q', l.q);
  for (const [name, value] of Object.entries(l.filters)) if (value) query.set(name, value);
  query.set('sort', l.sort);
  if (l.order === 'desc') query.set('order', 'desc');
  if (l.size !== PAGE_SIZE.default) query.set('size', String(l.size));
  if (l.page > 1) query.set('page', String(l.page));
  return `${path}?${query}`;
}

export interface FilterChoice {
  name: string;
  label: string;
  options: { value: string; label: string }[];
}

/** The search box and the filters, a GET form: submitting it starts again at page 1. */
export function ListForm(props: { path: string; listing: Listing; filters: FilterChoice[]; children?: Child }) {
  const { listing } = props;
  return (
    <form method="get" action={props.path} class="filters list-form">
      <label>
        搜索
        <input name="q" value={listing.q ?? ''} placeholder="单位名称或统一社会信用代码开头" maxlength={50} />
      </label>
      {props.filters.map((f) => (
        <label>
          {f.label}
          <select name={f.name}>
            <option value="">全部</option>
            {f.options.map((o) => (
              <option value={o.value} selected={listing.filters[f.name] === o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      ))}
      <label>
        每页
        <select name="size">
          {[...new Set([PAGE_SIZE.default, 100, PAGE_SIZE.max, listing.size])].map((n) => (
            <option value={String(n)} selected={n === listing.size}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <input type="hidden" name="sort" value={listing.sort} />
      {listing.order === 'desc' && <input type="hidden" name="order" value="desc" />}
      <button type="submit">查询</button>
      {props.children}
    </form>
  );
}

/** A column header that sorts by its column: ascending first, then the other way; ▲/▼ marks the current sort. */
export function SortHeader(props: { path: string; listing: Listing; sort: string; label: string }) {
  const { listing, sort } = props;
  const current = listing.sort === sort;
  const order = current && listing.order === 'asc' ? 'desc' : 'asc';
  return (
    <th>
      <a href={listingHref(props.path, listing, { sort, order, page: 1 })}>
        {props.label}
        {current ? (listing.order === 'asc' ? ' ▲' : ' ▼') : ''}
      </a>
    </th>
  );
}

/** 第 n / N 页 and the total, with the first, previous, next and last pages, and a page to go to. */
export function Pager(props: { path: string; listing: Listing; page: Page<unknown>; unit?: string }) {
  const { path, listing, page } = props;
  const link = (n: number, text: string) =>
    n >= 1 && n <= page.pages && n !== page.page ? <a href={listingHref(path, listing, { page: n })}>{text}</a> : <span>{text}</span>;
  return (
    <nav class="pager">
      <span>
        共 {page.total.toLocaleString('zh-CN')} {props.unit ?? '家'}，第 {page.page} / {page.pages} 页
      </span>
      {link(1, '首页')}
      {link(page.page - 1, '上一页')}
      {link(page.page + 1, '下一页')}
      {link(page.pages, '末页')}
      {page.pages > 1 && (
        <form method="get" action={path} class="inline">
          {listing.q && <input type="hidden" name="q" value={listing.q} />}
          {Object.entries(listing.filters).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <input type="hidden" name="sort" value={listing.sort} />
          {listing.order === 'desc' && <input type="hidden" name="order" value="desc" />}
          <input type="hidden" name="size" value={String(listing.size)} />
          <label>
            转到第
            <input name="page" type="number" min={1} max={page.pages} value={String(page.page)} class="page-number" />页
          </label>
          <button type="submit">转到</button>
        </form>
      )}
    </nav>
  );
}
