/**
 * A dynalite DynamoDB emulator inside the test process: listens on 127.0.0.1 on a free port,
 * creates tables from the shared incident-table definition, and hands out a Document client with
 * dummy credentials. Registers its own beforeAll / afterAll, so call it inside a `describe` body.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { createIncidentDocumentClient } from '../../shared/adapters/aws/incident-store.ts';
import { incidentTableDefinition } from '../../shared/adapters/aws/incident-table.ts';

/** dynalite ships no types; this is the one call the tests make (it returns a plain `http.Server`). */
type Dynalite = (options: { readonly createTableMs?: number; readonly deleteTableMs?: number; readonly updateTableMs?: number }) => Server;

// createRequire rather than `import`: dynalite is CommonJS without declarations, and a module
// declaration would have to live in a separate .d.ts for one test helper.
const dynalite = createRequire(import.meta.url)('dynalite') as Dynalite;

/** A running dynalite and a client for it. */
export interface DynaliteHandle {
  readonly client: DynamoDBDocumentClient;
  readonly endpoint: string;
  /** Creates a new, empty incident table (unique name) and returns its name, so each test starts clean. */
  createIncidentTable(): Promise<string>;
}

/**
 * Starts dynalite before the tests of the enclosing `describe` and stops it (client destroyed, server
 * and its database closed) after them. Returns a getter, valid inside tests and hooks.
 */
export function useDynalite(): () => DynaliteHandle {
  let server: Server | undefined;
  let handle: DynaliteHandle | undefined;
  let tables = 0;

  beforeAll(async () => {
    const started = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    server = started;
    await new Promise<void>((resolve, reject) => {
      started.once('error', reject);
      started.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = started.address() as AddressInfo;
    const endpoint = `http://127.0.0.1:${port}`;
    const client = createIncidentDocumentClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      // A failure here is a bug to see, not a blip to retry past.
      maxAttempts: 1,
    });
    handle = {
      client,
      endpoint,
      async createIncidentTable() {
        tables += 1;
        const { input } = incidentTableDefinition(`incidents-${tables}`);
        await client.send(new CreateTableCommand(input));
        await waitUntilTableExists({ client, maxWaitTime: 20, minDelay: 1, maxDelay: 2 }, { TableName: input.TableName });
        return input.TableName;
      },
    };
  });

  afterAll(async () => {
    handle?.client.destroy();
    const running = server;
    if (running === undefined) return;
    // The SDK keeps sockets alive; close them so server.close (which also closes dynalite's store) returns now.
    running.closeAllConnections();
    await new Promise<void>((resolve, reject) => running.close((error?: Error) => (error ? reject(error) : resolve())));
  });

  return () => {
    if (handle === undefined) throw new Error('dynalite is not running: call the getter inside a test or hook');
    return handle;
  };
}
