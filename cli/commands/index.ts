/** Every `apigw-doctor` command by name, and the general help. Each command lives in its own file. */
import type { Command } from '../commands-types.ts';
import { classify } from './classify.ts';
import { checkResponse } from './check-response.ts';
import { replay } from './replay.ts';
import { diagnose } from './diagnose.ts';
import { demo } from './demo.ts';
import { mcp } from './mcp.ts';

/** Every command by name. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  classify,
  'check-response': checkResponse,
  replay,
  diagnose,
  demo,
  mcp,
};

/** `apigw-doctor --help`. */
export const GENERAL_HELP = `apigw-doctor — says exactly why API Gateway returned a 5xx, and how to fix it.

Usage: apigw-doctor <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(16)}${c.summary}`).join('\n')}

Run 'apigw-doctor <command> --help' for a command's input, flags, output and exit codes.
Exit codes: 0 ok, 1 findings or invalid response, 2 usage or input error.
`;
