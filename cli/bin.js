#!/usr/bin/env node
// Entry point for `npx apigw-doctor` / the `bin` of package.json: runs the compiled CLI,
// dist/cli/main.mjs, which `npm ci` builds (the `prepare` script). A build older than its sources never
// runs: it is rebuilt first (esbuild, a fraction of a second) with one line on stderr, and when the
// rebuild fails the CLI says so and exits 2. The check costs a manifest read and one stat per source.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { buildCli, cliBuildState, defaultOutDir, describeBuildError, PROJECT_ROOT } from '../scripts/cli-build.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const outDir = defaultOutDir(PROJECT_ROOT);
const state = cliBuildState({ root: PROJECT_ROOT, outDir });
let runnable = true;
if (!state.fresh) {
  try {
    const built = await buildCli({ root: PROJECT_ROOT, outDir, logLevel: 'silent' });
    process.stderr.write(`apigw-doctor: ${state.reason}: rebuilt dist/cli in ${built.ms} ms\n`);
  } catch (error) {
    process.stderr.write(`apigw-doctor: ${state.reason}, and rebuilding the CLI failed: ${describeBuildError(error)}\n`);
    process.exitCode = 2;
    runnable = false;
  }
}
if (runnable) {
  // Stack traces (APIGW_DOCTOR_DEBUG=1) should point at the TypeScript sources, not the bundle.
  if (process.env.APIGW_DOCTOR_DEBUG === '1') process.setSourceMapsEnabled(true);
  const { main } = await import(pathToFileURL(join(outDir, 'main.mjs')).href);
  process.exitCode = await main(process.argv.slice(2));
}
