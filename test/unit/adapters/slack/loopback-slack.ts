/**
 * A loopback stand-in for Slack (a `node:http` server on 127.0.0.1) that answers with scripted
 * responses and records every request, so the real Slack clients can be tested end to end.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer. */
export interface ScriptedResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string is sent as is (text/plain); anything else as JSON. */
  readonly body: unknown;
}

/** One request the server received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** The running server. */
export interface LoopbackSlack {
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** Sets the answers for the next requests, in order; once used up, the last one repeats. */
  script(...responses: ScriptedResponse[]): void;
  close(): Promise<void>;
}

/** Starts the server on an ephemeral port. */
export async function startLoopbackSlack(): Promise<LoopbackSlack> {
  const requests: RecordedRequest[] = [];
  let queue: ScriptedResponse[] = [{ status: 200, body: 'ok' }];
  let next = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = queue[Math.min(next, queue.length - 1)] ?? { status: 200, body: 'ok' };
      next += 1;
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json', ...answer.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    script(...responses) {
      queue = responses;
      next = 0;
      requests.length = 0;
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error === undefined ? resolve() : reject(error)));
    }),
  };
}

/** A sleep that records what it was asked to wait and returns at once. */
export function recordingSleep(): { readonly waits: number[]; readonly sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => { waits.push(ms); } };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
