/**
 * The documents on an employer's page, as the clerk reviewing it reads them, and on the campaign's
 * page: one a line, its print and Word copies apart ("书面审查表：打印 | Word"), not run together into
 * one string of links.
 */
import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { createUser } from '../core/services/users.ts';
import { drawnChangji } from './fixtures/changji.ts';

const w = await drawnChangji(150);
const [employer] = w.drawnOf('changji-city');
const PASSWORD = '文书链接测试-密码';
await createUser(w.db, w.admin, { username: 'city-clerk', role: 'clerk', bureauId: 'changji-city', password: PASSWORD });

const login = await w.app.request('/api/login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'city-clerk', password: PASSWORD }),
});
const cookie = login.headers.get('set-cookie')!.split(';')[0];
const documentsOn = async (page: string) => {
  const res = await w.app.request(page, { headers: { cookie } });
  expect(res.status).toBe(200);
  return parse(await res.text()).querySelectorAll('ul.docs > li');
};
const docs = `/api/campaigns/${w.campaign.id}/documents`;

describe('the documents on the clerk’s pages', () => {
  it('are listed one a line on the review page, each with its print and Word links separated', async () => {
    const items = await documentsOn(`/campaigns/${w.campaign.id}/employers/${employer}`);
    // before the review: the checklist and the review form (core/services/forms.ts)
    expect(items.map((li) => li.text.trim())).toEqual(['书面材料清单：打印 | Word', '书面审查表：打印 | Word']);
    expect(items[1].querySelectorAll('a').map((a) => [a.getAttribute('href'), a.getAttribute('aria-label')])).toEqual([
      [`${docs}/reviewForm?employer=${employer}`, '书面审查表（打印）'],
      [`${docs}/reviewForm?employer=${employer}&format=docx`, '书面审查表（Word）'],
    ]);
  });

  it('are listed the same way on the campaign page: the notice, before any publicity list', async () => {
    const items = await documentsOn(`/campaigns/${w.campaign.id}`);
    expect(items.map((li) => li.text.trim())).toEqual(['通知：打印 | Word']);
    expect(items[0].querySelectorAll('a').map((a) => [a.getAttribute('href'), a.getAttribute('aria-label')])).toEqual([
      [`${docs}/notice`, '通知（打印）'],
      [`${docs}/notice?format=docx`, '通知（Word）'],
    ]);
  });
});
