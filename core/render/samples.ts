/**
 * One filled example of each form, as a 江津 clerk would produce it: what a campaign's template
 * override is checked against before it is saved, and the data of the form tests and the render
 * benchmark.
 */
import type { FormData, GradeListData, PatrolPlanData, RectificationAdviceData, ReviewFormData } from './formData.ts';

const employer = { name: '重庆市江津区恒信机械制造有限公司', creditCode: '91500116MA5U8XYZ1K', headcount: 86 };

const reviewForm: ReviewFormData = {
  employer,
  basics: {
    insuredPension: 80,
    insuredMedical: 80,
    insuredInjury: 86,
    insuredUnemployment: 0,
    monthlyWageTotal: 452300.5,
    wagePayDay: 15,
    workingHoursSystem: 'comprehensive',
    underreportedWages: false,
    wagePaymentViolation: true,
    penalized: false,
    contact: '张三',
  },
};

const advice: RectificationAdviceData = {
  employer,
  findings: [
    {
      item: 'wages',
      text: '用人单位支付工资和执行最低工资标准的情况',
      severity: 'minor',
      note: '抽中人员2023年5月工资发放表未经本人签字确认',
      basis: '《工资支付暂行规定》第六条',
    },
    { item: 'workingHours', text: '用人单位遵守工作时间和休息休假规定的情况', severity: 'minor', basis: '《中华人民共和国劳动法》第四十一条' },
  ],
  outcome: 'basicPass',
  outcomeLabel: '基本合格',
  disposition: 'rectificationAdvice',
  dispositionLabel: '下达书面审查处理建议书',
  reason: '用人单位有轻微违法行为的，下达《劳动保障监察书面审查处理建议书》，指导和督促整改',
  basis: '《江津区2023年度书面审查和守法诚信等级评价通知》三、（一）4',
  reviewedAt: '2024-08-26',
  dueDate: '2024-12-31',
};

const cNotice: FormData['gradeCNotice'] = {
  employer,
  year: 2023,
  reasons: [
    {
      rule: 'punished-three-times',
      reason: '因劳动保障违法行为被查处三次以上（含三次）',
      basis: '《企业劳动保障守法诚信等级评价办法》（人社部规〔2016〕1号）第七条',
    },
    {
      rule: 'refused-orders',
      reason: '拒不履行劳动保障监察限期整改指令、行政处理决定或者行政处罚决定的。',
      basis: '《企业劳动保障守法诚信等级评价办法》（人社部规〔2016〕1号）第七条',
    },
  ],
  objectionFrom: '2024-08-05',
  objectionTo: '2024-08-09',
};

const row = (n: number, grade: 'A' | 'B' | 'C') => ({ creditCode: `91500116MA5U0000${n}X`, name: `江津第${n}公司`, grade, label: `${grade}级` });
const publicity: GradeListData = {
  kind: 'publicity',
  year: 2023,
  from: '2024-09-02',
  to: '2024-09-06',
  rows: [row(1, 'B'), row(2, 'A'), row(3, 'C'), row(4, 'A'), row(5, 'B'), row(6, 'A')],
};

const plan: PatrolPlanData = {
  year: 2024,
  rows: [
    {
      ...row(1, 'C'),
      patrolsPerYear: null,
      exemptFromPatrol: false,
      dates: ['2024-03-12', '2024-06-11'],
      interview: true,
      measures: ['应列为本年度劳动保障监察重点监管和培训对象', '及时约谈其主要负责人、直接责任人'],
    },
    { ...row(2, 'B'), patrolsPerYear: null, exemptFromPatrol: false, dates: ['2024-05-14'], interview: false, measures: ['适当增加日常巡视检查频次'] },
    { ...row(3, 'A'), patrolsPerYear: 0, exemptFromPatrol: true, dates: [], interview: false, measures: ['除有举报投诉外，原则上不纳入本年度主动巡查范围'] },
    {
      ...row(4, 'C'),
      patrolsPerYear: 4,
      exemptFromPatrol: false,
      dates: ['2024-03-11', '2024-06-11', '2024-09-10', '2024-12-10'],
      interview: true,
      measures: ['每季度进行一次日常巡视检查'],
    },
  ],
};

export const FORM_SAMPLES: FormData = { reviewForm, rectificationAdvice: advice, gradeCNotice: cNotice, gradeList: publicity, patrolPlan: plan };
