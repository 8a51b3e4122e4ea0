/**
 * `apigw-doctor mcp`: serves the engine as MCP tools on stdio, for an on-call agent. Thin: the server
 * lives in cli/mcp/ and is loaded only when this command runs.
 */
import { EXIT, UsageError } from '../io.ts';
import type { Command } from '../commands-types.ts';

export const mcp: Command = {
  summary: 'Serve the engine as MCP tools on stdio, for an AI agent (classify, check, diagnose, replay, explain).',
  options: { 'allow-apply': { type: 'boolean' } },
  help: `apigw-doctor mcp [--allow-apply]

Starts a Model Context Protocol server on stdin/stdout, so an AI agent (Claude Desktop, Claude Code,
any MCP client) can call apigw-doctor as tools. An MCP client starts this command; you do not run
it by hand. Tools (each answers the same JSON as the matching command's --json, plus a short summary;
secrets redacted):
  classify_logs         {text}                                        as 'classify --json'
  check_proxy_response  {response, api?, payloadFormat?}              as 'check-response --json'
  diagnose_api          {apiId, stage, region?, since?, recording?}   as 'diagnose --json' (reads only)
  replay_event          {event, recording?, mode?}                    as 'replay --recording --json'
  explain_cause         {cause}                                       what it means, how to confirm and fix it
Inputs are bounded: text 5 MiB, response 1 MiB, event 6 MiB. Bad arguments are a one-line tool error.

  --allow-apply   let replay_event run in mode apply (act where the owner opted in; against a
                  recorded account, nothing reaches AWS). Without it apply is refused: an agent
                  never widens what the person who started the server allowed.

diagnose_api reads the live account with the standard AWS credential chain of the server process
(AWS_PROFILE, aws sso login, environment, instance role) and AWS_REGION, or a recorded account
(recording: a file path, absolute or relative to the directory the server was started in).

Add it to an agent's MCP configuration (Claude Desktop: claude_desktop_config.json; Claude Code:
.mcp.json in the project, or 'claude mcp add apigw-doctor -- npx apigw-doctor mcp'):
  {
    "mcpServers": {
      "apigw-doctor": { "command": "npx", "args": ["apigw-doctor", "mcp"], "env": { "AWS_PROFILE": "oncall-readonly", "AWS_REGION": "us-east-1" } }
    }
  }
Some clients pass a server only PATH and HOME, not their own environment: name the profile and
Region in "env" (or leave it out to use the default profile). From a clone: "command": "node",
"args": ["/path/to/apigw-doctor/cli/bin.js", "mcp"].

Exit codes: 0 when the client closes the connection, 2 usage error. See docs/mcp.md.
`,
  async run(args, io) {
    if (args.positionals.length > 0) throw new UsageError(`mcp: unexpected argument '${args.positionals[0]}' (the tools take their input from the MCP client)`);
    // Someone ran it in a terminal: say what it is waiting for, on stderr (stdout is the protocol).
    if (io.stdinIsTty) io.stderr("apigw-doctor mcp: serving MCP on stdin/stdout for an agent; see 'apigw-doctor mcp --help' to add it to one. Ctrl-D to stop.\n");
    const { serveMcp } = await import('../mcp/server.ts');
    await serveMcp({ allowApply: args.values['allow-apply'] === true, env: process.env, debug: process.env['APIGW_DOCTOR_DEBUG'] === '1' });
    return EXIT.ok;
  },
};
