/**
 * An employer uploads each document its checklist lists for the platform (昌吉通知：平台须上传的资料):
 * PDF, JPG or PNG by content, size-limited, kept with its SHA-256, seen by its reviewer and counted in
 * the checklist's state; nobody outside the employer and its bureau sees or changes them.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { actorFor } from '../core/services/actor.ts';
import { declare } from '../core/services/declarations.ts';
import { renderCampaignDocument } from '../core/services/forms.ts';
import { approveReview, recordReview } from '../core/services/reviews.ts';
import { MAX_UPLOAD_BYTES, removeUpload, sniffType, uploadDocument, uploadState } from '../core/services/uploads.ts';
import { createUser } from '../core/services/users.ts';
import { drawnChangji } from './fixtures/changji.ts';

const w = await drawnChangji();
const [mine, other] = w.drawnOf('changji-city');
const [county] = w.drawnOf('fukang');
const PASSWORD = '上传测试-密码-1';
for (const [username, role, bureauId, creditCode] of [
  ['emp', 'employer', null, mine],
  ['emp-other', 'employer', null, other],
  ['city-clerk', 'clerk', 'changji-city', null],
  ['city-head', 'head', 'changji-city', null],
  ['fukang-clerk', 'clerk', 'fukang', null],
] as const) {
  await createUser(w.db, w.admin, { username, role, bureauId, creditCode, region: creditCode ? 'xinjiang-changji' : undefined, password: PASSWORD });
}
const emp = await actorFor(w.db, 'emp');
const id = w.campaign.id;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const EXE = Buffer.from('MZ\x90\x00this program cannot be run in DOS mode');
const roster = Array.from({ length: 12 }, (_, i) => ({ id: `G${i + 1}`, name: `职工${i + 1}` }));

async function api(username: string, method: string, path: string, body?: Buffer) {
  const login = await w.app.request('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const res = await w.app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: body && new Uint8Array(body),
  });
  return res;
}

describe('uploads', () => {
  it('tells PDF, JPG and PNG by their first bytes, and nothing else', () => {
    expect([PDF, PNG, JPG, EXE, Buffer.from('<html>')].map(sniffType)).toEqual(['application/pdf', 'image/png', 'image/jpeg', undefined, undefined]);
  });

  it('tells the employer its deadline before it declares', async () => {
    process.env.JIANCHA_TODAY = '2025-04-29';
    try {
      const res = await api('emp', 'GET', `/api/campaigns/${id}/declaration-deadline`);
      // 昌吉 declares until the campaign's end, 2025-04-30: one working day after the 29th
      expect(await res.json()).toEqual({ dueDate: '2025-04-30', setBy: '活动结束日期', workingDaysLeft: 1, passed: false });
    } finally {
      delete process.env.JIANCHA_TODAY;
    }
  });

  it('waits for the declaration, whose checklist lists what is uploaded and names the staff drawn', async () => {
    await expect(uploadDocument(w.db, emp, id, mine, 'x', { name: 'a.pdf', data: PDF })).rejects.toThrow(/请先申报/);
    const checklist = async () => (await renderCampaignDocument(w.db, w.decider, emp, id, 'checklist', mine)).html;
    expect(await checklist()).toContain('系统抽中人员在贵单位申报职工花名册后由系统抽取');
    const { staffSample } = await declare(w.db, w.decider, emp, id, mine, { basics: {}, roster });
    expect(staffSample.length).toBeGreaterThan(0);
    // 江津通知 lists 系统抽中人员的劳动合同: the checklist says who they are
    const listed = await checklist();
    expect(listed).toContain(`清单中“系统抽中人员”的材料，为下列${staffSample.length}名职工的材料：`);
    for (const s of staffSample) expect(listed).toContain(`<td>${s.id}</td><td>${s.name}</td>`);
    expect(listed).not.toContain('届时列于本清单');
    const state = await uploadState(w.db, emp, id, mine);
    expect(state.required).toBeGreaterThan(0);
    expect(state).toMatchObject({ uploaded: 0 });
  });

  it('keeps a file with its SHA-256 and type from its content, and counts its item in the checklist’s state', async () => {
    const [first, second] = (await uploadState(w.db, emp, id, mine)).items;
    const saved = await uploadDocument(w.db, emp, id, mine, first.id, { name: 'C:\\文件\\营业执照.pdf', data: PDF });
    expect(saved).toMatchObject({
      fileName: '营业执照.pdf',
      type: 'application/pdf',
      size: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    });
    expect(saved).not.toHaveProperty('data');
    await uploadDocument(w.db, emp, id, mine, first.id, { name: 'page2.png', data: PNG });
    const state = await uploadState(w.db, emp, id, mine);
    expect(state.uploaded).toBe(1);
    expect(state.items[0].files.map((f) => f.fileName)).toEqual(['营业执照.pdf', 'page2.png']);
    // a JPG named .pdf is a JPG: the name decides nothing
    expect((await uploadDocument(w.db, emp, id, mine, second.id, { name: 'scan.pdf', data: JPG })).type).toBe('image/jpeg');
    expect((await uploadState(w.db, emp, id, mine)).uploaded).toBe(2);
  });

  it('refuses other types, empty and oversized files and items the checklist does not list, in Chinese', async () => {
    const [first] = (await uploadState(w.db, emp, id, mine)).items;
    await expect(uploadDocument(w.db, emp, id, mine, first.id, { name: '合同.pdf', data: EXE })).rejects.toThrow(
      '文件“合同.pdf”不是 PDF、PNG、JPG 文件（按文件内容判断，不看扩展名）',
    );
    await expect(uploadDocument(w.db, emp, id, mine, first.id, { name: 'a.pdf', data: Buffer.alloc(0) })).rejects.toThrow('是空的');
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_UPLOAD_BYTES)]);
    await expect(uploadDocument(w.db, emp, id, mine, first.id, { name: 'big.pdf', data: big })).rejects.toThrow('超过 10 MB');
    await expect(uploadDocument(w.db, emp, id, mine, 'noSuchItem', { name: 'a.pdf', data: PDF })).rejects.toThrow(
      /书面材料清单中没有须上传的材料“noSuchItem”（须上传：/,
    );
  });

  it('is read by the employer and its bureau’s staff, byte for byte, and by no one else', async () => {
    const file = (await uploadState(w.db, emp, id, mine)).items[0].files[0];
    const path = `/api/campaigns/${id}/employers/${mine}/uploads/${file.id}/file`;
    for (const reader of ['emp', 'city-clerk']) {
      const res = await api(reader, 'GET', path);
      expect(res.status, reader).toBe(200);
      expect(
        createHash('sha256')
          .update(Buffer.from(await res.arrayBuffer()))
          .digest('hex'),
      ).toBe(file.sha256);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const list = await (await api('city-clerk', 'GET', `/api/campaigns/${id}/employers/${mine}/uploads`)).json();
    expect(list.uploaded).toBe(2);
    for (const outsider of ['emp-other', 'fukang-clerk']) {
      expect([403, 404], outsider).toContain((await api(outsider, 'GET', path)).status);
      expect([403, 404], outsider).toContain((await api(outsider, 'GET', `/api/campaigns/${id}/employers/${mine}/uploads`)).status);
      const put = await api(outsider, 'POST', `/api/campaigns/${id}/employers/${mine}/uploads/${file.document}?name=x.pdf`, PDF);
      expect([403, 404], outsider).toContain(put.status);
    }
    // an employer uploads for itself only
    expect([403, 404]).toContain((await api('emp', 'POST', `/api/campaigns/${id}/employers/${county}/uploads/x?name=x.pdf`, PDF)).status);
  });

  it('takes a file over the API and answers a wrong type with a 422 in Chinese', async () => {
    const [, second] = (await uploadState(w.db, emp, id, mine)).items;
    const ok = await api('emp', 'POST', `/api/campaigns/${id}/employers/${mine}/uploads/${second.id}?name=${encodeURIComponent('工资表.png')}`, PNG);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ fileName: '工资表.png', type: 'image/png' });
    const bad = await api('emp', 'POST', `/api/campaigns/${id}/employers/${mine}/uploads/${second.id}?name=a.docx`, EXE);
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('不是 PDF、PNG、JPG 文件');
  });

  it('removes a file uploaded by mistake, and closes uploads once the review is approved', async () => {
    const [first] = (await uploadState(w.db, emp, id, mine)).items;
    await removeUpload(w.db, emp, id, mine, first.files[1].id);
    expect((await uploadState(w.db, emp, id, mine)).items[0].files.map((f) => f.fileName)).toEqual(['营业执照.pdf']);
    await recordReview(w.db, w.decider, await actorFor(w.db, 'city-clerk'), id, mine, { findings: [], undetermined: false });
    await approveReview(w.db, await actorFor(w.db, 'city-head'), id, mine);
    await expect(uploadDocument(w.db, emp, id, mine, first.id, { name: 'late.pdf', data: PDF })).rejects.toThrow('审查已审批，不能再修改上传的材料');
    await expect(removeUpload(w.db, emp, id, mine, first.files[0].id)).rejects.toThrow('审查已审批');
  });
});
