/**
 * `apigw-doctor mcp`: the MCP server on stdio. Registers the tools of `tools.ts` on the official SDK's
 * `McpServer`, and makes every answer safe to hand to an agent: results redacted, errors one line,
 * nothing but protocol messages on stdout. Loaded with `import()` by the command, so the SDK costs
 * nothing to the other commands' start.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { redactSecrets } from '../../shared/domain/render/redact.ts';
import { UsageError } from '../io.ts';
import { PROJECT_ROOT } from '../paths.ts';
import { redactJson } from './redact-json.ts';
import { TOOLS, type ToolAnswer, type ToolContext, type ToolSpec } from './tools.ts';

/** How the person starting the server configured it. */
export interface DoctorServerOptions extends ToolContext {
  /** Write the stack of unexpected errors to stderr (`APIGW_DOCTOR_DEBUG=1`). */
  readonly debug?: boolean;
}

/**
 * Largest JSON-RPC message read from stdin. Above every input bound of the tools (5 MiB of text can
 * take several times that once JSON-escaped), so an oversized argument gets the schema's one-line
 * error; only a message beyond this ends the session (the SDK's guard against unbounded buffering).
 */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Most values (object keys, array items) one call's arguments may hold: bounds the work of validating an `event` object. */
const MAX_ARGUMENT_ELEMENTS = 100_000;

const INSTRUCTIONS = `apigw-doctor says exactly why Amazon API Gateway answered with a 5xx (above all 502) and how to fix it, with the real identifiers. Call classify_logs first on any logs or output you have: it names the cause of every failing request from a fixed taxonomy. explain_cause says what a cause means and how to confirm and fix it. diagnose_api checks the account behind a REST API stage (read-only) and returns ranked causes and exact fix commands. check_proxy_response judges what a Lambda proxy integration returned. replay_event runs a raw CloudWatch Logs or alarm event through the pipeline, against a recorded account for the plan. Answers are deterministic; secrets are redacted.`;

/** `text` as one line: the SDK joins several argument problems with newlines. */
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('; ');
}

/** The tool argument each CLI flag a shared use case may name in its errors stands for. */
const FLAG_ARGUMENTS: Readonly<Record<string, string>> = { 'api-id': 'apiId', 'rest-api-id': 'apiId', stage: 'stage', region: 'region', since: 'since', recording: 'recording', mode: 'mode' };

/**
 * A reason written for the CLI, in the tools' words: `pass --region` becomes `pass region`, `use
 * --recording FILE` becomes `use recording`, so the agent knows which argument to change.
 */
export function toolWording(message: string): string {
  return message.replace(/--(api-id|rest-api-id|stage|region|since|recording|mode)\b(?: FILE)?/g, (_flag: string, name: string) => FLAG_ARGUMENTS[name] ?? name);
}

/** A tool error: one line, redacted. Problems the caller can fix are said as they are; anything else is "unexpected". */
function toolError(error: unknown, debug: boolean): CallToolResult {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof UsageError) && debug && error instanceof Error) process.stderr.write(`${error.stack ?? message}\n`);
  const text = error instanceof UsageError ? toolWording(message) : `unexpected error: ${message}`;
  return { isError: true, content: [{ type: 'text', text: oneLine(redactSecrets(text)) }] };
}

/**
 * The result of one call: the structured document, a short summary, and the same document as JSON
 * text for clients that pass only `content` to the model (the MCP spec asks tools to include it).
 */
async function answer(work: () => ToolAnswer | Promise<ToolAnswer>, debug: boolean): Promise<CallToolResult> {
  try {
    const { structured, summary } = await work();
    const safe = redactJson(structured) as Record<string, unknown>;
    return { content: [{ type: 'text', text: oneLine(redactSecrets(summary)) }, { type: 'text', text: JSON.stringify(safe) }], structuredContent: safe };
  } catch (error) {
    return toolError(error, debug);
  }
}

function register(server: McpServer, spec: ToolSpec, options: DoctorServerOptions): void {
  const debug = options.debug === true;
  server.registerTool(
    spec.name,
    { title: spec.title, description: spec.description, inputSchema: spec.inputSchema, outputSchema: spec.outputSchema, annotations: spec.annotations },
    async (args: Record<string, unknown>) => answer(() => spec.run(args, options), debug),
  );
}

/**
 * The package version the server reports to clients. Read from package.json rather than imported from
 * main.ts: that import would make the bundler move the whole entry into a chunk shared with this one.
 */
function packageVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
    if (typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string') return pkg.version;
  } catch {
    // Fall through: a missing version must not stop the server.
  }
  return '0.0.0';
}

/** A server with every tool registered, not yet connected. */
export function createMcpServer(options: DoctorServerOptions): McpServer {
  const server = new McpServer({ name: 'apigw-doctor', title: 'apigw-doctor', version: packageVersion() }, { instructions: INSTRUCTIONS, maxToolInputElements: MAX_ARGUMENT_ELEMENTS });
  for (const spec of TOOLS) register(server, spec, options);
  return server;
}

/**
 * Rewrites tool errors to one line on their way out. The SDK reports arguments that fail the input
 * schema itself (before any handler runs), one problem per line; an agent gets one line.
 */
export function oneLineToolErrors(message: JSONRPCMessage): JSONRPCMessage {
  if (!('result' in message) || message.result['isError'] !== true || !Array.isArray(message.result['content'])) return message;
  const content: unknown[] = message.result['content'];
  const flattened = content.map((part) => (typeof part === 'object' && part !== null && 'text' in part && typeof part.text === 'string' ? { ...part, text: oneLine(part.text) } : part));
  return { ...message, result: { ...message.result, content: flattened } };
}

/** The SDK's stdio transport, with one-line tool errors and room for the tools' largest inputs. */
class AgentStdioTransport extends StdioServerTransport {
  override send(message: JSONRPCMessage): Promise<void> {
    return super.send(oneLineToolErrors(message));
  }
}

/** Serves MCP on this process's stdin/stdout until the client closes stdin (or stdout goes away). */
export async function serveMcp(options: DoctorServerOptions): Promise<void> {
  // stdout carries the protocol: a stray console.log anywhere (a dependency's warning) would corrupt it.
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  const server = createMcpServer(options);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
  });
  await server.connect(new AgentStdioTransport(process.stdin, process.stdout, { maxBufferSize: MAX_MESSAGE_BYTES }));
  const stop = (): void => {
    void server.close();
  };
  process.stdin.once('end', stop);
  process.stdin.once('close', stop);
  process.stdout.once('error', stop);
  await closed;
}
