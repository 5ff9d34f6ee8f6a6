/**
 * jiancha CLI. Every command turns bad input into one Chinese and English line per problem and exit
 * code 2; nothing a user types produces a stack trace.
 */
import { JianchaError } from '../core/errors.ts';
import { commands } from './commands/index.ts';
import { closeOpened } from './commands/opened.ts';
import { EXIT, processIO, type CliIO } from './io.ts';

export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(help());
    return name ? EXIT.ok : EXIT.badInput;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`未知命令 "${name}" (unknown command "${name}")\n${help()}`);
    return EXIT.badInput;
  }
  try {
    return await (await command.load()).run.call(command, rest, io);
  } catch (err) {
    if (err instanceof JianchaError) {
      io.stderr(`jiancha ${name}: ${err.message}\n`);
      return EXIT.badInput;
    }
    if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`jiancha ${name}: 参数错误 (bad arguments): ${err.message}; 用法 (usage): jiancha ${command.usage}\n`);
      return EXIT.badInput;
    }
    throw err;
  } finally {
    closeOpened();
  }
}

function help(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return `jiancha 监察: 劳动保障监察书面审查与守法诚信等级评价\n\n${commands.map((c) => `  jiancha ${c.usage.padEnd(width)}  ${c.summary}`).join('\n')}\n`;
}

/** Entry point of the process: exit code set, real faults reported without a stack unless asked. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  try {
    process.exitCode = await runCli(argv);
  } catch (err) {
    process.stderr.write(`jiancha: 内部错误 (internal error): ${(err as Error).message}\n`);
    if (process.env.JIANCHA_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    process.exitCode = 70;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
