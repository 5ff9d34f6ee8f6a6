import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { Decider } from '../../core/decide.ts';
import { schema } from '../../core/db/index.ts';
import { JianchaError } from '../../core/errors.ts';
import { DOCUMENTS, renderDocument, type DocumentInput } from '../../core/render/documents.ts';
import { toDocx } from '../../core/render/docx.ts';
import { campaignDate, getCampaign, requireSettings } from '../../core/services/campaign.ts';
import { employerFacts } from '../../core/services/employerFacts.ts';
import { renderCampaignDocument } from '../../core/services/forms.ts';
import type { Facts } from '../../core/types.ts';
import { EXIT, type CliIO, type CommandRun } from '../io.ts';
import { COMMON_OPTIONS, lifecycleContext, readJsonInput, registryOnce } from './shared.ts';

export const render: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...COMMON_OPTIONS,
        plugin: { type: 'string' },
        campaign: { type: 'string' },
        settings: { type: 'string' },
        employer: { type: 'string' },
        facts: { type: 'string' },
        data: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
      },
    });
    const [name] = positionals;
    const format = values.format ?? 'html';
    if (!name || (!values.campaign && !values.settings) || !['html', 'docx'].includes(format)) {
      // help lists the command without loading the renderer; the usage error names every document
      const usage = this.usage.replace('<document>', `<${DOCUMENTS.join('|')}>`);
      throw new JianchaError('invalid-input', `用法：jiancha ${usage}`, `usage: jiancha ${usage}`);
    }
    if (format === 'docx' && !values.out) throw new JianchaError('invalid-input', '.docx 须用 --out 指定文件', '.docx needs --out FILE');
    if ([values.settings, values.facts, values.data].filter((v) => v === '-').length > 1) {
      throw new JianchaError('invalid-input', '标准输入只能提供一个文件（-）', 'only one input can come from stdin (-)');
    }
    let rendered: { title: string; html: string };
    if (values.campaign && !values.data && !values.facts) {
      // the campaign's own records: its settings, the employer's declaration, review, grade, plan
      const { db, decider, actor } = await lifecycleContext(values);
      rendered = await renderCampaignDocument(db, decider, actor, Number(values.campaign) || 0, name, values.employer);
    } else rendered = await renderFromFiles(name, values, io);
    const { title, html } = rendered;
    const data = format === 'docx' ? await toDocx(html, title) : Buffer.from(html);
    if (values.out) {
      writeFileSync(values.out, data);
      io.stderr(`已生成 ${values.out} (written)\n`);
    } else io.stdout(data.toString('utf8'));
    return EXIT.ok;
  },
};

/** A document from files (settings, facts, form data), or a campaign's settings with data given here. */
async function renderFromFiles(
  name: string,
  values: { db?: string; as?: string; plugin?: string; campaign?: string; settings?: string; employer?: string; facts?: string; data?: string },
  io: CliIO,
) {
  const registry = await registryOnce();
  let input: DocumentInput;
  const ctx = values.campaign || values.employer ? await lifecycleContext(values) : undefined;
  if (values.campaign) {
    const campaign = getCampaign(ctx!.db, ctx!.actor, Number(values.campaign) || 0);
    const plugin = registry.get(campaign.plugin);
    input = { plugin, settings: campaign.settings, issuer: plugin.bureau(campaign.bureauId), overrides: campaign.templateOverrides };
  } else {
    if (!values.plugin) throw new JianchaError('invalid-input', '须用 --plugin 指定插件', '--plugin P is required');
    const settings = (await readJsonInput(values.settings!, io)) as Record<string, unknown>;
    // the settings a campaign could not be made with print no notice either
    requireSettings(registry, values.plugin, settings, campaignDate({ year: settings.year as number, settings }));
    input = { plugin: registry.get(values.plugin), settings };
  }
  if (values.employer) {
    const row = ctx!.db.select().from(schema.employers).where(eq(schema.employers.creditCode, values.employer.toUpperCase())).get();
    if (!row) throw new JianchaError('not-found', `登记册中没有统一社会信用代码 ${values.employer}`, `no employer ${values.employer} in the registry`);
    // no campaign here: the registry's facts for the settings' year, as no declaration is at hand
    input.employer = employerFacts(row, input.settings.year as number);
  } else if (values.facts) input.employer = (await readJsonInput(values.facts, io)) as Facts;
  // the form's data is checked against its shape by renderDocument
  if (values.data) input.data = (await readJsonInput(values.data, io)) as DocumentInput['data'];
  return renderDocument(ctx?.decider ?? new Decider(registry), name, input);
}
