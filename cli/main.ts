/**
 * The `apigw-doctor` command. Thin: parse arguments, call the same use cases the Lambdas use, print.
 * Exit codes: 0 ok; 1 findings (classify, replay, diagnose) or invalid (check-response); 2 usage or input error.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { pathToFileURL } from 'node:url';
import { EXIT, UsageError, processIo, type Io } from './io.ts';
import { COMMANDS, GENERAL_HELP } from './commands/index.ts';

/** Runs the CLI with `argv` (without `node` and the script). Returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined;
    const command = topic === undefined ? undefined : COMMANDS[topic];
    if (topic !== undefined && command === undefined) {
      io.stderr(`apigw-doctor: no help on '${topic}': commands are ${Object.keys(COMMANDS).join(', ')}\n`);
      return EXIT.usage;
    }
    io.stdout(command ? command.help : GENERAL_HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`apigw-doctor ${VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(`apigw-doctor: unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}. Try 'apigw-doctor --help'.\n`);
    return EXIT.usage;
  }
  try {
    let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
    try {
      const options: ParseArgsConfig['options'] = { ...command.options, help: { type: 'boolean', short: 'h' } };
      const result = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true });
      parsed = { values: result.values as Record<string, string | boolean | undefined>, positionals: result.positionals };
    } catch (error) {
      // parseArgs adds hints on further lines; the contract is one line.
      throw new UsageError(`${name}: ${error instanceof Error ? (error.message.split('\n')[0] ?? '').replace(/\. To specify a positional.*$/s, '') : String(error)}`);
    }
    if (parsed.values['help'] === true) {
      io.stdout(command.help);
      return EXIT.ok;
    }
    return await command.run(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`apigw-doctor: ${error.message}\n`);
      return EXIT.usage;
    }
    // Unexpected: still one clear line, with the cause chain, and no stack trace unless asked for.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`apigw-doctor: unexpected error in '${name}': ${message}\n`);
    if (process.env['APIGW_DOCTOR_DEBUG'] === '1' && error instanceof Error) io.stderr(`${error.stack ?? ''}\n`);
    return EXIT.usage;
  }
}

/** Package version (kept in step with package.json by a test). */
export const VERSION = '0.1.0';

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.exitCode = await main(process.argv.slice(2));
}
