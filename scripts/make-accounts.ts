/**
 * Writes the recorded accounts in `events/accounts/` from the scenario lists in `scripts/accounts/`
 * (one list per topic; `scripts/accounts/build.ts` expands a scenario into its recording).
 * Usage: `npx tsx scripts/make-accounts.ts` (write) or `npx tsx scripts/make-accounts.ts --check`
 * (exit 1 if a committed file is stale or missing).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACCOUNTS_DIR, renderAccount, type Scenario } from './accounts/build.ts';
import { REST_SCENARIOS } from './accounts/rest-scenarios.ts';
import { AUTHORIZER_SCENARIOS } from './accounts/authorizer-scenarios.ts';
import { CROSS_ACCOUNT_SCENARIOS } from './accounts/cross-account-scenarios.ts';
import { HTTP_API_SCENARIOS } from './accounts/http-api-scenarios.ts';
import { VPC_LINK_SCENARIOS } from './accounts/vpc-link-scenarios.ts';
import { FUNCTION_SIDE_SCENARIOS } from './accounts/function-side-scenarios.ts';

export { ACCOUNTS_DIR, buildRecording, filterEvents, renderAccount, requestLines, uuidFrom, type Outcome, type Scenario } from './accounts/build.ts';

/** Every scenario, one file each. Add a topic's list here. */
export const SCENARIOS: readonly Scenario[] = [...REST_SCENARIOS, ...AUTHORIZER_SCENARIOS, ...CROSS_ACCOUNT_SCENARIOS, ...HTTP_API_SCENARIOS, ...VPC_LINK_SCENARIOS, ...FUNCTION_SIDE_SCENARIOS];

function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  const stale: string[] = [];
  for (const scenario of SCENARIOS) {
    const target = join(ACCOUNTS_DIR, scenario.file);
    const rendered = renderAccount(scenario);
    let current: string | null;
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      current = null;
    }
    if (current === rendered) continue;
    if (check) stale.push(scenario.file);
    else {
      writeFileSync(target, rendered);
      console.log(`wrote events/accounts/${scenario.file}`);
    }
  }
  if (stale.length > 0) {
    console.error(`stale recorded accounts (run npx tsx scripts/make-accounts.ts): ${stale.join(', ')}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
