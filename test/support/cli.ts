/** Runs the CLI in-process with captured streams. */
import { main } from '../../cli/main.ts';
import type { Io } from '../../cli/io.ts';

/** What one CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `apigw-doctor ...argv` with `stdin` as standard input. */
export async function runCli(argv: readonly string[], stdin?: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    stdin: async () => stdin ?? '',
    stdinIsTty: stdin === undefined,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
