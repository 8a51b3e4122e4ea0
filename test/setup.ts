// Registered once for every test file (vitest setupFiles).
// - the aws-sdk-client-mock matchers (`toHaveReceivedCommandWith`, ...), so no test has to remember the import;
// - fast-check's seed: fixed in CI (CI=true) so a run is reproducible, random elsewhere so property
//   tests keep exploring; FC_SEED=<n> replays a failure fast-check printed.
import 'aws-sdk-client-mock-vitest/extend';
import fc from 'fast-check';

const seed = process.env['FC_SEED'] ?? (process.env['CI'] === 'true' ? '20261201' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
