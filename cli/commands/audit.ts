/** jiancha audit verify: walk the audit log's hash chain and name the first record forged or removed. */
import { parseArgs } from 'node:util';
import { JianchaError } from '../../core/errors.ts';
import { verifyAuditChain } from '../../core/services/audit.ts';
import { requireStep } from '../../core/policy.ts';
import { EXIT, type CommandRun } from '../io.ts';
import { COMMON_OPTIONS, lifecycleContext, printJson } from './shared.ts';

export const auditCommand: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...COMMON_OPTIONS } });
    if (positionals[0] !== 'verify') throw new JianchaError('invalid-input', `用法：jiancha ${this.usage}`, `usage: jiancha ${this.usage}`);
    const { db, actor } = await lifecycleContext(values);
    requireStep(actor, 'accounts');
    const result = verifyAuditChain(db);
    printJson(io, result);
    if (!result.ok) io.stderr(`审计日志被篡改：${result.zh} (${result.en})\n`);
    return result.ok ? EXIT.ok : EXIT.failed;
  },
};
