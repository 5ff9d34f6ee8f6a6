/**
 * Every command: its name, usage and summary here, its work in a module imported only when it runs,
 * so that `jiancha --help` loads no command and `jiancha plugins` neither the database nor the
 * document renderer.
 */
import type { Command } from '../io.ts';

export const commands: Command[] = [
  {
    name: 'plugins',
    usage: 'plugins [--json]',
    summary: '列出插件：继承关系、决策与人社局 (list plugins)',
    load: async () => (await import('./plugins.ts')).plugins,
  },
  {
    name: 'validate',
    usage: 'validate [plugin] [--root DIR]',
    summary: '校验插件、规则集与测试用例，列出全部错误 (validate plugins, rulesets and test cases)',
    load: async () => (await import('./validate.ts')).validate,
  },
  {
    name: 'decide',
    usage: 'decide <plugin> <decision> [--facts FILE|-] [--at YYYY-MM-DD]',
    summary: '对一组事实作出决定并输出依据 (decide, with its trace)',
    load: async () => (await import('./decide.ts')).decide,
  },
  {
    name: 'test-plugin',
    usage: 'test-plugin [plugin]',
    summary: "运行插件自带的测试用例 (run a plugin's own test cases)",
    load: async () => (await import('./testPlugin.ts')).testPlugin,
  },
  {
    name: 'new-plugin',
    usage: 'new-plugin <id> --name 中文名称 --division-code 六位代码 [--extends national] [--out DIR | --root DIR]',
    summary: '在自己的文件夹中创建新地区插件：清单、各决策规则集与测试用例、活动设置、通知模板 (scaffold a region plugin in its own folder)',
    load: async () => (await import('./newPlugin.ts')).newPlugin,
  },
  {
    name: 'docs',
    usage: 'docs <plugin> [--json] [--at YYYY-MM-DD]',
    summary: "插件参考：各决策读取的事实及其来源、各模板使用和可用的值 (a plugin's reference: facts per decision, values per template)",
    load: async () => (await import('./docs.ts')).docs,
  },
  {
    name: 'campaign',
    usage: 'campaign create --plugin P --year Y --bureau B --settings FILE | campaign list',
    summary: '创建或列出书面审查与等级评价活动 (create or list campaigns)',
    load: async () => (await import('./campaign.ts')).campaign,
  },
  {
    name: 'import',
    usage: 'import employers FILE [--region PLUGIN] | import records FILE --campaign ID   (.csv or .xlsx; --region: the system administrator names the region)',
    summary: '导入用人单位登记册或年度记录，全部成功或全部不导入 (import the registry or year records)',
    load: async () => (await import('./importFile.ts')).importFile,
  },
  {
    name: 'assign',
    usage: 'assign --campaign ID',
    summary: '按管辖规则把登记册中的用人单位划给各人社局 (assign jurisdiction)',
    load: async () => (await import('./steps.ts')).assign,
  },
  {
    name: 'draw',
    usage: 'draw --campaign ID --seed SEED [--manual FILE]',
    summary: '以公布的种子抽取审查名单（双随机）(draw the review plan)',
    load: async () => (await import('./steps.ts')).drawCommand,
  },
  {
    name: 'verify-draw',
    usage: 'verify-draw --campaign ID',
    summary: '依抽取时保存的依据重做抽取并核对结果，并列出此后的变化 (redo the draw from its inputs; what changed since)',
    load: async () => (await import('./steps.ts')).verifyDrawCommand,
  },
  {
    name: 'grade',
    usage: 'grade --campaign ID',
    summary: '评价守法诚信等级（初评），保存等级与理由 (run the grading)',
    load: async () => (await import('./steps.ts')).grade,
  },
  {
    name: 'grades',
    usage: 'grades --campaign ID [--format csv|json|xlsx] [--out FILE]',
    summary: '导出等级及其理由与依据 (export grades with reasons)',
    load: async () => (await import('./steps.ts')).gradesCommand,
  },
  {
    name: 'user',
    usage:
      'user add USERNAME --role administrator|head|clerk|employer [--bureau B] [--credit-code CODE [--region P]] [--name 姓名] | user passwd (stdin) | user reset|disable|enable USERNAME | user employers --campaign ID --origin URL --out FILE',
    summary: '账号：创建（一次性密码）、为审查名单上的用人单位批量开设（账号通知书写入文件）、修改密码、重置、停用 (accounts)',
    load: async () => (await import('./reviewYear.ts')).user,
  },
  {
    name: 'assign-reviewers',
    usage: 'assign-reviewers --campaign ID --reviewers USER1,USER2 [--bureau B]',
    summary: '随机分配审查人员（双随机的第二个随机）(assign reviewers at random)',
    load: async () => (await import('./reviewYear.ts')).assignReviewersCommand,
  },
  {
    name: 'declare',
    usage: 'declare --campaign ID --employer CODE --file DECLARATION.json',
    summary: '录入用人单位申报（基本情况、花名册），抽取职工样本，给出材料清单 (record a declaration)',
    load: async () => (await import('./reviewYear.ts')).declareCommand,
  },
  {
    name: 'review',
    usage: 'review record --campaign ID --employer CODE --findings FILE | review approve|return --campaign ID --employer CODE [--comment 审批意见，退回时必填]',
    summary: '录入审查发现并得出审查结果；负责人审批或退回 (record, approve or send back a review)',
    load: async () => (await import('./reviewYear.ts')).reviewCommand,
  },
  {
    name: 'rectification',
    usage: 'rectification list --campaign ID [--on DATE] | rectification submit|verify|reopen --campaign ID --id N [--evidence TEXT]',
    summary: '整改事项：列出（含逾期）、提交整改、核实 (track rectification)',
    load: async () => (await import('./reviewYear.ts')).rectificationCommand,
  },
  {
    name: 'grade-change',
    usage:
      'grade-change request --campaign ID --employer CODE --to A|B|C --reason TEXT | grade-change approve|reject --campaign ID --id N | grade-change list --campaign ID',
    summary: '变更初评等级：提出（须写理由）与负责人审批 (change a grade)',
    load: async () => (await import('./reviewYear.ts')).gradeChangeCommand,
  },
  {
    name: 'screen',
    usage: 'screen --campaign ID',
    summary: '按本地区插件规定的筛查项筛查初评结果 (screen the grades by the checks the region declares)',
    load: async () => (await import('./reviewYear.ts')).screen,
  },
  {
    name: 'publicity',
    usage: 'publicity start --campaign ID [--from DATE] [--to DATE]',
    summary: '公示拟评结果（不少于5个工作日）(put grades to publicity)',
    load: async () => (await import('./reviewYear.ts')).publicityCommand,
  },
  {
    name: 'objection',
    usage:
      'objection file --campaign ID --employer CODE --text TEXT [--received-on DATE --reason TEXT] | objection resolve --campaign ID --id N --uphold|--dismiss --text TEXT [--to A|B|C] | objection list --campaign ID',
    summary: '公示期异议：提出与处理 (objections)',
    load: async () => (await import('./reviewYear.ts')).objectionCommand,
  },
  {
    name: 'publish',
    usage: 'publish --campaign ID',
    summary: '公示期满后公布等级评价结果 (publish the grades)',
    load: async () => (await import('./reviewYear.ts')).publishCommand,
  },
  {
    name: 'supervision',
    usage: 'supervision plan --campaign ID | supervision export --campaign ID [--format csv|json|xlsx] [--out FILE]',
    summary: '按等级制定下一年度分类监管计划（巡查日期、约谈）并导出 (supervision plans)',
    load: async () => (await import('./reviewYear.ts')).supervisionCommand,
  },
  {
    name: 'template',
    usage: 'template list --campaign ID | template set NAME --campaign ID --file FILE.hbs | template remove NAME --campaign ID',
    summary: '本活动覆盖通知、文书模板或片段（保存前渲染全部文书校验）(override a template)',
    load: async () => (await import('./reviewYear.ts')).templateCommand,
  },
  {
    name: 'rules',
    usage:
      'rules versions <plugin> <decision> | rules edit <plugin> <decision> --file RULESET.json --reason TEXT | rules rollback <plugin> <decision> --to N [--reason TEXT]',
    summary: '修改本地区规则（校验、测试用例须通过、留版本）与回滚 (edit and roll back rules)',
    load: async () => (await import('./rules.ts')).rules,
  },
  {
    name: 'render',
    usage:
      'render <document> --plugin P (--campaign ID | --settings FILE) [--employer CREDITCODE | --facts FILE] [--data FILE|-] [--format html|docx] [--out FILE]',
    summary: '生成通知、书面材料清单、审查表、处理建议书、告知书、名单、巡查计划等文书（HTML 或 .docx）(render official documents and forms)',
    load: async () => (await import('./render.ts')).render,
  },
  {
    name: 'audit',
    usage: 'audit verify',
    summary: '校验审计日志的哈希链，指出第一条被篡改或删除的记录 (verify the audit log)',
    load: async () => (await import('./audit.ts')).auditCommand,
  },
];
