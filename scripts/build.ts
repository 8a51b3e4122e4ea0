/**
 * `npm run build`: bundles each `functions/<name>/handler.ts` into its own Lambda artifact with esbuild,
 * `dist/functions/<name>/index.mjs` (+ source map), and the CLI into `dist/cli/main.mjs`
 * (scripts/cli-build.js, which `npm ci` also runs through `prepare`). The AWS SDK v3 is provided by
 * the nodejs24.x runtime, so it stays external.
 *
 * Prints one JSON line per artifact: its size and its cold import time over a bare node process
 * (median of paired runs), then one `budgets` line for the ingest functions, which run on every log
 * batch and alarm. Exit code 1 when a build fails or an ingest artifact is over its size budget; the
 * cold-import budget is reported, not enforced (timings depend on the machine).
 * Usage: npm run build [-- --pairs N] [-- --no-timing]
 */
import { build } from 'esbuild';
import { readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildCli, describeBuildError } from './cli-build.js';
import { pairedStartTimes } from './paired-runs.ts';

const root = join(import.meta.dirname, '..');
const functionsDir = join(root, 'functions');

/** The functions with size and cold-start budgets: they run on every subscription batch and alarm. */
export const BUDGETED_FUNCTIONS: readonly string[] = ['alarm-ingest', 'log-ingest'];
/** Largest accepted ingest artifact: every byte is read and compiled on each cold start. */
export const MAX_FUNCTION_BYTES = 300 * 1024;
/** Target for an ingest artifact's cold import, over bare node (reported by the build, not enforced). */
export const MAX_COLD_IMPORT_MS = 60;

/** One built Lambda artifact. */
export interface FunctionArtifact {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
}

/** Names of the functions that have a handler. */
export async function functionNames(): Promise<string[]> {
  const entries = await readdir(functionsDir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && existsSync(join(functionsDir, e.name, 'handler.ts'))).map((e) => e.name).sort();
}

/** Builds every function; returns the artifact paths. */
export async function buildAll(outDir = join(root, 'dist', 'functions')): Promise<FunctionArtifact[]> {
  const names = await functionNames();
  if (names.length === 0) throw new Error(`no functions/<name>/handler.ts found under ${functionsDir}`);
  const built: FunctionArtifact[] = [];
  for (const name of names) {
    const outfile = join(outDir, name, 'index.mjs');
    await build({
      entryPoints: [join(functionsDir, name, 'handler.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      // The functions run on the nodejs24.x runtime.
      target: 'node24',
      format: 'esm',
      minify: true,
      sourcemap: true,
      legalComments: 'none',
      // Only the SDK clients come from the runtime; @smithy helpers other packages need are bundled at the version they were tested with.
      external: ['@aws-sdk/*'],
      // Some dependencies still call require(); give the ESM bundle one.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'warning',
    });
    built.push({ name, file: outfile, bytes: (await stat(outfile)).size });
  }
  return built;
}

/** The environment of a Lambda cold start, as far as module initialisation reads it. */
function lambdaEnv(name: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    AWS_REGION: 'us-east-1',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: `apigw-doctor-${name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/**
 * Cold import of one module over bare node: `node --input-type=module -e "await import(file)"` against
 * the same command importing nothing, in pairs. Importing runs the module's top level, which is what a
 * Lambda init does before the first invocation.
 */
export function coldImport(file: string, options: { readonly pairs: number; readonly env?: NodeJS.ProcessEnv; readonly onPair?: (done: number, total: number) => void }): { coldImportMs: number; bareNodeMs: number } {
  const timing = pairedStartTimes({
    bareArgs: ['--input-type=module', '-e', '0'],
    args: ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)})`],
    pairs: options.pairs,
    warmups: 2,
    cwd: root,
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.onPair === undefined ? {} : { onPair: options.onPair }),
  });
  return { coldImportMs: timing.overheadMs, bareNodeMs: timing.bareNodeMs };
}

async function runBuild(): Promise<number> {
  const { values } = parseArgs({ options: { pairs: { type: 'string' }, 'no-timing': { type: 'boolean' } } });
  const pairs = values.pairs === undefined ? 15 : Number(values.pairs);
  if (!Number.isInteger(pairs) || pairs < 1) throw new Error('--pairs must be a positive integer');
  const timed = values['no-timing'] !== true;
  const rel = (file: string): string => file.slice(root.length + 1);
  const print = (o: object): void => console.log(JSON.stringify(o));

  const functions = await buildAll();
  const cli = await buildCli({ root });
  let sizeMet = true;
  let coldImportMet: boolean | null = timed ? true : null;
  for (const f of functions) {
    const budgeted = BUDGETED_FUNCTIONS.includes(f.name);
    if (budgeted && f.bytes > MAX_FUNCTION_BYTES) sizeMet = false;
    if (!timed) {
      print({ build: f.name, file: rel(f.file), bytes: f.bytes });
      continue;
    }
    process.stderr.write(`build: ${f.name}: cold import, ${pairs} pairs …\n`);
    const t = coldImport(f.file, { pairs, env: lambdaEnv(f.name) });
    if (budgeted && t.coldImportMs > MAX_COLD_IMPORT_MS) coldImportMet = false;
    print({ build: f.name, file: rel(f.file), bytes: f.bytes, ...t });
  }
  if (timed) {
    process.stderr.write(`build: cli: cold import, ${pairs} pairs …\n`);
    print({ build: 'cli', file: rel(cli.file), bytes: cli.bytes, startBytes: cli.startBytes, buildMs: cli.ms, ...coldImport(cli.file, { pairs }) });
  } else {
    print({ build: 'cli', file: rel(cli.file), bytes: cli.bytes, startBytes: cli.startBytes, buildMs: cli.ms });
  }
  print({ build: 'budgets', functions: BUDGETED_FUNCTIONS, maxBytes: MAX_FUNCTION_BYTES, sizeMet, maxColdImportMs: MAX_COLD_IMPORT_MS, coldImportMet });
  return sizeMet ? 0 : 1;
}

if (process.argv[1] === import.meta.filename) {
  try {
    process.exitCode = await runBuild();
  } catch (error) {
    console.error(`build failed: ${describeBuildError(error)}`);
    process.exitCode = 1;
  }
}
