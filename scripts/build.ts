/**
 * Bundles each `functions/<name>/handler.ts` into its own Lambda artifact with esbuild:
 * `dist/functions/<name>/index.mjs` (+ source map). The AWS SDK v3 is provided by the nodejs22.x
 * runtime, so it stays external. Prints one JSON line per artifact with its size.
 */
import { build } from 'esbuild';
import { readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const functionsDir = join(root, 'functions');

/** Names of the functions that have a handler. */
export async function functionNames(): Promise<string[]> {
  const entries = await readdir(functionsDir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && existsSync(join(functionsDir, e.name, 'handler.ts'))).map((e) => e.name).sort();
}

/** Builds every function; returns the artifact paths. */
export async function buildAll(outDir = join(root, 'dist', 'functions')): Promise<Array<{ name: string; file: string; bytes: number }>> {
  const names = await functionNames();
  if (names.length === 0) throw new Error(`no functions/<name>/handler.ts found under ${functionsDir}`);
  const built: Array<{ name: string; file: string; bytes: number }> = [];
  for (const name of names) {
    const outfile = join(outDir, name, 'index.mjs');
    await build({
      entryPoints: [join(functionsDir, name, 'handler.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node22',
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

if (process.argv[1] === import.meta.filename) {
  try {
    for (const b of await buildAll()) console.log(JSON.stringify({ build: b.name, file: b.file.slice(root.length + 1), bytes: b.bytes }));
  } catch (error) {
    console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
