/**
 * Builds the `apigw-doctor` CLI into `dist/cli/main.mjs` with esbuild, and tells whether that build is
 * older than its sources. Plain JavaScript on purpose: `cli/bin.js` imports it on every start, before
 * any TypeScript can run, and the `prepare` script runs it right after `npm ci`.
 *
 * The build writes `dist/cli/build-manifest.json`: when the build started and the project files it was
 * made from (the bundled sources under cli/ and shared/, plus package.json, tsconfig.json and this
 * file). The build is stale when any of them is newer than the build or gone. Checking that is one
 * small JSON read and one `stat` per source, about a millisecond.
 *
 * Usage: node scripts/cli-build.js   (prints one JSON line: the artifact, its size and the build time)
 * Types: scripts/cli-build.d.ts.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the folder above scripts/. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The manifest's file name inside the output folder. */
export const MANIFEST_FILE = 'build-manifest.json';

/** Project files that shape the build without being bundled: a change to any of them rebuilds too. */
const CONFIG_INPUTS = ['package.json', 'tsconfig.json', 'scripts/cli-build.js'];

/** Chunks no build refers to any more are deleted once they are this old (a running CLI may still load one). */
const STALE_CHUNK_MS = 10 * 60_000;

/** Where the build of a project root goes by default. */
export function defaultOutDir(root = PROJECT_ROOT) {
  return join(root, 'dist', 'cli');
}

/**
 * Whether the build in `outDir` may run: `{ fresh: true }`, or `{ fresh: false, reason }` with a
 * short reason (no build, an unreadable manifest, a source newer than the build, a source gone).
 */
export function cliBuildState({ root = PROJECT_ROOT, outDir = defaultOutDir(root) } = {}) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(outDir, MANIFEST_FILE), 'utf8'));
  } catch (error) {
    const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
    return { fresh: false, reason: missing ? `no CLI build yet (${relativeTo(root, outDir)})` : 'the CLI build manifest is unreadable' };
  }
  if (!isManifest(manifest)) return { fresh: false, reason: 'the CLI build manifest is unreadable' };
  if (!existsSync(join(outDir, manifest.entry))) return { fresh: false, reason: `no CLI build yet (${relativeTo(root, join(outDir, manifest.entry))})` };
  for (const input of manifest.inputs) {
    let mtimeMs;
    try {
      mtimeMs = statSync(join(root, input)).mtimeMs;
    } catch {
      return { fresh: false, reason: `${input} is gone since the last CLI build` };
    }
    // `>=`: a file written in the same clock tick as the build started may not be in it.
    if (mtimeMs >= manifest.builtAt) return { fresh: false, reason: `${input} changed since the last CLI build` };
  }
  return { fresh: true };
}

function isManifest(value) {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof value.builtAt === 'number' &&
    typeof value.entry === 'string' &&
    Array.isArray(value.inputs) &&
    value.inputs.every((i) => typeof i === 'string')
  );
}

function relativeTo(root, path) {
  return relative(root, path).split(sep).join('/');
}

/**
 * The build's start time on the file system's own clock: the mtime of a file written now. Sources are
 * compared with it, and the kernel stamps files with a coarser clock than `Date.now()`.
 */
function fileSystemNow(dir) {
  const probe = join(dir, `.build-start-${process.pid}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(probe, '');
  try {
    return statSync(probe).mtimeMs;
  } finally {
    unlinkSync(probe);
  }
}

/** Writes a file by renaming a complete temporary one over it, so a CLI starting meanwhile never reads half a file. */
function writeAtomically(file, contents) {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, file);
}

/**
 * Builds the CLI: `cli/main.ts` and everything it imports, dependencies included, except the AWS SDK
 * and full zod (they stay in node_modules and are loaded only by the commands that read an account).
 * Code reached only through `import()` goes to `chunks/`, so the adapters load only when used.
 * Returns the entry file, its size, the number of project inputs and how long the build took.
 */
export async function buildCli({ root = PROJECT_ROOT, outDir = defaultOutDir(root), logLevel = 'warning' } = {}) {
  const started = performance.now();
  const { build } = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  const builtAt = fileSystemNow(outDir);
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: join(root, 'cli', 'main.ts') },
    outdir: outDir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: 'linked',
    legalComments: 'none',
    // Loaded from node_modules, only by the commands that need them: the SDK clients (large, needed by
    // a live `diagnose` only) and full zod (the recorded-account adapter). Bundled, full zod would share
    // zod's core with the zod/mini the event schemas use, and esbuild would put that whole shared core
    // in a chunk every start loads (about twice the start time). `zod/mini` itself is bundled. The MCP
    // SDK (`apigw-doctor mcp` only) likewise: bundled, its zod/v4-mini shares that core (+10% start).
    external: ['@aws-sdk/*', '@modelcontextprotocol/sdk/*'],
    plugins: [{ name: 'full-zod-external', setup: (b) => b.onResolve({ filter: /^zod$/ }, () => ({ path: 'zod', external: true })) }],
    // Less to parse on every start; names are kept (SDK command names and error names are read at run time).
    minify: true,
    keepNames: true,
    // Should a bundled dependency call require() (none does today), give each ESM chunk one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    metafile: true,
    write: false,
    logLevel,
  });
  const entry = 'main.mjs';
  const entryPath = join(outDir, entry);
  // Chunks first (their names carry a content hash, so they never overwrite what a running CLI uses),
  // then the entry, then the manifest that declares the build complete.
  const outputs = [...result.outputFiles].sort((a, b) => rank(a.path, entryPath) - rank(b.path, entryPath));
  for (const file of outputs) writeAtomically(file.path, file.contents);
  const inputs = [
    ...new Set(
      [...Object.keys(result.metafile.inputs).filter((p) => !p.split(/[\\/]/).includes('node_modules') && !p.startsWith('<')), ...CONFIG_INPUTS.filter((p) => existsSync(join(root, p)))].map((p) =>
        relativeTo(root, join(root, p)),
      ),
    ),
  ].sort();
  writeAtomically(join(outDir, MANIFEST_FILE), `${JSON.stringify({ builtAt, entry, inputs }, null, 1)}\n`);
  pruneChunks(join(outDir, 'chunks'), new Set(outputs.map((f) => f.path)));
  return { file: entryPath, bytes: statSync(entryPath).size, startBytes: startBytes(result.metafile, root, entryPath), inputs: inputs.length, ms: Math.round(performance.now() - started) };
}

/** Bytes every start loads: the entry and the chunks it imports statically, transitively (not those behind `import()`). */
function startBytes(metafile, root, entryPath) {
  const outputs = new Map(Object.entries(metafile.outputs).map(([path, output]) => [join(root, path), output]));
  const seen = new Set();
  const queue = [entryPath];
  let total = 0;
  while (queue.length > 0) {
    const path = queue.pop();
    const output = outputs.get(path);
    if (output === undefined || seen.has(path)) continue;
    seen.add(path);
    total += output.bytes;
    for (const i of output.imports) if (i.kind === 'import-statement' && i.external !== true) queue.push(join(root, i.path));
  }
  return total;
}

function rank(path, entryPath) {
  if (path === entryPath) return 2;
  if (path === `${entryPath}.map`) return 1;
  return 0;
}

function pruneChunks(dir, keep) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    const path = join(dir, name);
    if (keep.has(path)) continue;
    try {
      if (now - statSync(path).mtimeMs > STALE_CHUNK_MS) unlinkSync(path);
    } catch {
      // Another build removed it first.
    }
  }
}

/** One line for an esbuild failure (its first error, with the place), or any other error's message. */
export function describeBuildError(error) {
  const first = error && typeof error === 'object' && Array.isArray(error.errors) ? error.errors[0] : undefined;
  if (first && typeof first.text === 'string') {
    const at = first.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : '';
    return `${at}${first.text}`.replace(/\s+/g, ' ').trim();
  }
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').trim();
}

const invokedDirectly = process.argv[1] !== undefined && existsSync(process.argv[1]) && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  try {
    const built = await buildCli();
    console.log(JSON.stringify({ build: 'cli', file: relativeTo(PROJECT_ROOT, built.file), bytes: built.bytes, startBytes: built.startBytes, buildMs: built.ms }));
  } catch (error) {
    console.error(`CLI build failed: ${describeBuildError(error)}`);
    process.exitCode = 1;
  }
}
