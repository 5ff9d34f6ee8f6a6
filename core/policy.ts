/**
 * Who may do each step of the year: one table, read by the services (so the API, the CLI and the
 * console agree) and by the console to show each role its actions, or who may act where it may not.
 * A plugin may give other roles for a step (`policy` in plugin.json); where a step needs which
 * bureau does not change, since that is the bureaus' jurisdiction, not a region's choice.
 *
 * Default: clerks run the campaign's operational steps (heads and administrators may too), heads
 * approve, administrators manage accounts and rules. Approvals also need someone other than who
 * recorded or asked (checked by the services that approve).
 */
import { JianchaError } from './errors.ts';
import type { Plugin } from './plugin.ts';
import type { Actor, Role } from './services/actor.ts';

/**
 * Which bureau a step needs: `campaign` the campaign's own, `employer` the one the employer is
 * assigned to (or the employer itself, where its role is listed), `jurisdiction` the actor's bureau
 * or one below it, `region` the top bureau of the region (the plugin's own), `regionStaff` any bureau
 * of the region. The system administrator (no bureau) may act for any bureau.
 */
export type Scope = 'campaign' | 'employer' | 'jurisdiction' | 'region' | 'regionStaff';

export interface StepPolicy {
  zh: string;
  roles: Role[];
  scope: Scope;
}

const OPERATIONAL: Role[] = ['clerk', 'head', 'administrator'];

export const POLICY = {
  'campaign.create': { zh: '创建活动', roles: OPERATIONAL, scope: 'jurisdiction' },
  'campaign.delete': { zh: '删除活动（抽取前）', roles: OPERATIONAL, scope: 'campaign' },
  'registry.import': { zh: '导入用人单位名录', roles: OPERATIONAL, scope: 'jurisdiction' },
  'records.import': { zh: '导入年度记录', roles: OPERATIONAL, scope: 'campaign' },
  assign: { zh: '划分管辖', roles: OPERATIONAL, scope: 'campaign' },
  draw: { zh: '抽取审查名单', roles: OPERATIONAL, scope: 'campaign' },
  'reviewers.assign': { zh: '分配审查人员', roles: OPERATIONAL, scope: 'employer' },
  declare: { zh: '申报', roles: ['employer', ...OPERATIONAL], scope: 'employer' },
  'review.record': { zh: '录入审查结果', roles: OPERATIONAL, scope: 'employer' },
  'review.approve': { zh: '审批审查结果', roles: ['head'], scope: 'employer' },
  'upload.submit': { zh: '上传书面材料', roles: ['employer', ...OPERATIONAL], scope: 'employer' },
  'rectification.submit': { zh: '提交整改材料', roles: ['employer', ...OPERATIONAL], scope: 'employer' },
  'rectification.verify': { zh: '核验整改', roles: OPERATIONAL, scope: 'employer' },
  grading: { zh: '评价等级', roles: OPERATIONAL, scope: 'campaign' },
  'gradeChange.request': { zh: '申请变更等级', roles: OPERATIONAL, scope: 'employer' },
  'gradeChange.decide': { zh: '审批等级变更', roles: ['head'], scope: 'employer' },
  screening: { zh: '等级筛查', roles: OPERATIONAL, scope: 'jurisdiction' },
  publicity: { zh: '公示', roles: OPERATIONAL, scope: 'campaign' },
  'objection.file': { zh: '提出异议', roles: ['employer', ...OPERATIONAL], scope: 'employer' },
  'objection.resolve': { zh: '处理异议', roles: OPERATIONAL, scope: 'employer' },
  publish: { zh: '公布', roles: ['head'], scope: 'campaign' },
  'supervision.plan': { zh: '制定分类监管计划', roles: OPERATIONAL, scope: 'campaign' },
  // inspections are unannounced: an employer that knew its patrol dates could prepare for them
  'patrol.read': { zh: '查看巡查日期', roles: OPERATIONAL, scope: 'employer' },
  templates: { zh: '修改文书模板', roles: ['head', 'administrator'], scope: 'campaign' },
  'rules.edit': { zh: '修改规则', roles: ['administrator'], scope: 'region' },
  'rules.read': { zh: '查看规则版本', roles: OPERATIONAL, scope: 'regionStaff' },
  accounts: { zh: '管理账号', roles: ['administrator'], scope: 'jurisdiction' },
  // the bureau a drawn employer is assigned to hands it its account (a letter), and resets it
  'accounts.employers': { zh: '开设和管理用人单位账号', roles: OPERATIONAL, scope: 'employer' },
  'audit.read': { zh: '查看审计日志', roles: ['head', 'administrator'], scope: 'jurisdiction' },
} satisfies Record<string, StepPolicy>;

export type Step = keyof typeof POLICY;

export const ROLE_NAMES: Record<Role, string> = { administrator: '管理员', head: '负责人', clerk: '经办人', employer: '用人单位' };

/** Each plugin's roles per step, its own over its parent's; set as the registry loads plugins. */
const overrides = new Map<string, Partial<Record<Step, Role[]>>>();

/** Called for each plugin loaded: services that do not take the registry still follow the region's table. */
export function adoptPolicy(plugin: Plugin): void {
  const chain = plugin.chain().reverse();
  overrides.set(plugin.id, Object.assign({}, ...chain.map((p) => (p.manifest.policy ?? {}) as Partial<Record<Step, Role[]>>)));
}

/** The step's policy in a region (the campaign's plugin); the default where none is given. */
export function policyOf(step: Step, plugin?: string): StepPolicy {
  const base: StepPolicy = POLICY[step];
  const roles = plugin ? overrides.get(plugin)?.[step] : undefined;
  return roles ? { ...base, roles } : base;
}

export function may(actor: Pick<Actor, 'role'>, step: Step, plugin?: string): boolean {
  return policyOf(step, plugin).roles.includes(actor.role);
}

/** Who may do a step, as the console says it: “由经办人、负责人、管理员进行”. */
export function whoMay(step: Step, plugin?: string): string {
  const { zh, roles } = policyOf(step, plugin);
  return `${zh}由${roles.map((r) => ROLE_NAMES[r]).join('、')}进行`;
}

/** Refuse a role the step does not list; the bureau the step needs is checked by the service. */
export function requireStep(actor: Pick<Actor, 'role'>, step: Step, plugin?: string): void {
  if (!may(actor, step, plugin)) {
    const { roles } = policyOf(step, plugin);
    throw new JianchaError(
      'forbidden',
      `${policyOf(step, plugin).zh}需要角色：${roles.map((r) => ROLE_NAMES[r]).join('、')}（您是${ROLE_NAMES[actor.role]}）`,
      `${step} needs role ${roles.join(' or ')}, not ${actor.role}`,
    );
  }
}
