/** Types every CLI command shares. */
import type { ParseArgsConfig } from 'node:util';
import type { CommandResult, Io } from './io.ts';

/** The flag definitions `node:util` parseArgs takes. */
export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Parsed arguments handed to a command. */
export interface Args {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** One CLI command. */
export interface Command {
  readonly summary: string;
  readonly help: string;
  readonly options: OptionsConfig;
  run(args: Args, io: Io): CommandResult;
}
