/** What a command may touch: streams it writes to and stdin it may read. Tests pass their own. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
}

export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** What help lists of a command, without loading it. */
export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
}

/** A command's work, in its own module; `this` is its spec, for the usage line of an error. */
export interface CommandRun {
  run(this: CommandSpec, args: string[], io: CliIO): Promise<number>;
}

export interface Command extends CommandSpec {
  load: () => Promise<CommandRun>;
}

/** Exit codes: 0 done, 1 checks failed (validate, test-plugin), 2 bad input. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;
