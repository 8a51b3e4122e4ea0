/**
 * Who the live credentials are: the account id a diagnosis needs for execute-api ARNs. STS
 * GetCallerIdentity needs no IAM permission, so it adds nothing to the read permission list.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

/** The account of the current credentials, or an Error whose message says what is wrong (no credentials, no region). */
export async function callerAccount(region: string): Promise<string> {
  const sts = new STSClient({ region });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (identity.Account === undefined) throw new Error('STS GetCallerIdentity returned no account');
    return identity.Account;
  } finally {
    sts.destroy();
  }
}
