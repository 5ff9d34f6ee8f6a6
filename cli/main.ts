/**
 * jiancha CLI. Every command turns bad input into one Chinese and English line per problem and exit
 * code 2; nothing a user types produces a stack trace.
 */
import { type ErrorDetail, formatDetail, JianchaError } from '../core/errors.ts';
import { commands } from './commands/index.ts';
import { closeOpened } from './commands/opened.ts';
import { EXIT, processIO, type CliIO } from './io.ts';

export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  const { args, plugins } = pluginsOption(argv);
  // --plugins is JIANCHA_PLUGINS for this command, ahead of what the environment gives
  const before = process.env.JIANCHA_PLUGINS;
  if (plugins.length) process.env.JIANCHA_PLUGINS = [...plugins, ...(before ? [before] : [])].join(':');
  try {
    return await runCommand(args, io);
  } finally {
    if (before === undefined) delete process.env.JIANCHA_PLUGINS;
    else process.env.JIANCHA_PLUGINS = before;
  }
}

/** `--plugins PATHS` (or `--plugins=PATHS`), wherever it stands, taken out before the command parses its own. */
function pluginsOption(argv: string[]): { args: string[]; plugins: string[] } {
  const args: string[] = [];
  const plugins: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--plugins' && i + 1 < argv.length) plugins.push(argv[++i]);
    else if (argv[i].startsWith('--plugins=')) plugins.push(argv[i].slice('--plugins='.length));
    else args.push(argv[i]);
  }
  return { args, plugins };
}

async function runCommand(argv: string[], io: CliIO): Promise<number> {
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
      // every problem, each naming its file and JSON pointer, not only how many there are
      io.stderr(
        `jiancha ${name}: ${err.message}\n${untold(err)
          .map((d) => `  ${formatDetail(d)}\n`)
          .join('')}`,
      );
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

/**
 * The details the message does not already tell: a summary ("3 处错误") tells none, a message that
 * lists its problems or names the one place (file, fact) tells them, and one line is enough then.
 */
function untold(err: JianchaError): ErrorDetail[] {
  const told = (d: ErrorDetail) => (!d.file || err.message.includes(d.file)) && (!d.pointer || err.message.includes(d.pointer.split('/').pop() ?? ''));
  return err.details.filter((d) => !told(d));
}

function help(): string {
  // usages run from 20 to 240 characters: each summary goes on its own line under its usage, so no
  // column is padded to the longest one
  const lines = commands.map((c) => `  jiancha ${c.usage}\n      ${c.summary}`);
  return `jiancha 监察: 劳动保障监察书面审查与守法诚信等级评价\n\n  --plugins 路径[:路径]\n      仓库外的插件文件夹或 npm 包，同 JIANCHA_PLUGINS (plugins kept outside jiancha)\n\n${lines.join('\n')}\n`;
}

/** Entry point of the process: exit code set, real faults reported without a stack unless asked. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  // `jiancha plugins | head`: the reader has all it wanted once the pipe closes, which is no error
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
  try {
    process.exitCode = await runCli(argv);
  } catch (err) {
    process.stderr.write(`jiancha: 内部错误 (internal error): ${(err as Error).message}\n`);
    if (process.env.JIANCHA_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    process.exitCode = 70;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
