/** Types of scripts/cli-build.js (plain JavaScript so that cli/bin.js can run it without a TypeScript loader). */

/** The project root: the folder above scripts/. */
export declare const PROJECT_ROOT: string;

/** The manifest's file name inside the output folder. */
export declare const MANIFEST_FILE: string;

/** Where the build of a project root goes by default (`<root>/dist/cli`). */
export declare function defaultOutDir(root?: string): string;

/** Which project and output folder to look at; defaults: this project, `<root>/dist/cli`. */
export interface CliBuildLocation {
  readonly root?: string;
  readonly outDir?: string;
}

/** Whether a build may run, or why not. */
export type CliBuildState = { readonly fresh: true } | { readonly fresh: false; readonly reason: string };

/** Whether the build in `outDir` is at least as new as every project file it was made from. */
export declare function cliBuildState(location?: CliBuildLocation): CliBuildState;

/** What one build produced. */
export interface CliBuild {
  /** Absolute path of the entry, `<outDir>/main.mjs`. */
  readonly file: string;
  /** Size of the entry file. */
  readonly bytes: number;
  /** Size of what every start loads: the entry and the chunks it imports statically. */
  readonly startBytes: number;
  /** Project files (sources and config) the build was made from. */
  readonly inputs: number;
  readonly ms: number;
}

/** Builds the CLI into `outDir` (esbuild; throws esbuild's error when the sources do not build). */
export declare function buildCli(options?: CliBuildLocation & { readonly logLevel?: 'silent' | 'error' | 'warning' | 'info' }): Promise<CliBuild>;

/** One line describing a build failure. */
export declare function describeBuildError(error: unknown): string;
