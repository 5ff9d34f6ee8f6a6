import { describe, expect, it } from 'vitest';
import { citingNotice } from './noticeCitation.ts';
import { loadRegistry } from './registry.ts';

const registry = await loadRegistry();
const jiangjin = registry.get('chongqing-jiangjin');
// 江津's grading rules cite the notice by the plugin's noticeCitation (rulesets/chongqing-jiangjin/grading.json)
const basis = '《江津区2023年度书面审查和守法诚信等级评价通知》四、（一）：避免出现……未实施劳动保障监察却产生评级结果等情况';
const title2024 = '关于做好2024年度劳动保障监察书面审查和企业劳动保障守法诚信等级评价工作的通知';

describe('a basis as a campaign cites it', () => {
  it('cites a 2024 campaign’s own notice, with its 发文字号, where the rules cite the 2023 one', () => {
    expect(citingNotice(basis, jiangjin, { year: 2024, title: title2024, documentNumber: '江津人社发〔2025〕12号' })).toBe(
      `《${title2024}》（江津人社发〔2025〕12号）四、（一）：避免出现……未实施劳动保障监察却产生评级结果等情况`,
    );
    // the example's notice has no 发文字号 (campaign.example.json: documentNumber null)
    expect(citingNotice(basis, jiangjin, { title: title2024, documentNumber: null })).toBe(
      `《${title2024}》四、（一）：避免出现……未实施劳动保障监察却产生评级结果等情况`,
    );
  });

  it('leaves a basis citing something else, or a campaign without a notice title, as the rules wrote it', () => {
    const regulation = '《劳动保障监察条例》第三十条第一款第（二）项';
    expect(citingNotice(regulation, jiangjin, { title: title2024 })).toBe(regulation);
    expect(citingNotice(basis, jiangjin, {})).toBe(basis);
  });
});
