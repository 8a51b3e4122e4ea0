/**
 * Who the live credentials are: the account id a diagnosis needs for execute-api ARNs. STS
 * GetCallerIdentity needs no IAM permission, so it adds nothing to the read permission list.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { SendClient } from './clients.ts';

/** The recording service name of STS calls (the `@aws-sdk/client-sts` package suffix). */
export const STS_SERVICE = 'sts';

/**
 * The account of the current credentials, or an Error whose message says what is wrong (no
 * credentials, no region). `wrap` lets the caller see the call, e.g. `--record` passes
 * `recorder.wrap('sts', …)` so the recording holds it like every other call of the run.
 */
export async function callerAccount(region: string, wrap?: (client: SendClient) => SendClient): Promise<string> {
  const sts = new STSClient({ region });
  try {
    const client: SendClient = wrap === undefined ? sts : wrap(sts);
    const identity: unknown = await client.send(new GetCallerIdentityCommand({}));
    const account: unknown = typeof identity === 'object' && identity !== null ? Reflect.get(identity, 'Account') : undefined;
    if (typeof account !== 'string' || account === '') throw new Error('STS GetCallerIdentity returned no account');
    return account;
  } finally {
    sts.destroy();
  }
}
