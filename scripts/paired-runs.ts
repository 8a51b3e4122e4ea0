/**
 * Start-time measurement by paired runs: a bare `node` process and the process under test, one right
 * after the other, many times. Pairing makes the figures comparable on a busy machine: whatever slows
 * one run down at that moment slows its partner too. Used by `npm run build` (cold import of each
 * artifact) and `npm run bench` (CLI start).
 */
import { spawnSync } from 'node:child_process';

/** What to run and how often. */
export interface PairedRunOptions {
  /** Arguments of the baseline `node` process. */
  readonly bareArgs: readonly string[];
  /** Arguments of the `node` process under test. */
  readonly args: readonly string[];
  readonly pairs?: number;
  /** Pairs run first and thrown away (disk cache, a first build, JIT of node itself). */
  readonly warmups?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Exit codes of the process under test that count as success. */
  readonly okExitCodes?: readonly number[];
  /** Called after each measured pair. */
  readonly onPair?: (done: number, total: number) => void;
}

/** Medians of the paired runs, in milliseconds. */
export interface PairedTiming {
  /** Median wall time of the process under test. */
  readonly medianMs: number;
  /** Median wall time of the bare `node` process. */
  readonly bareNodeMs: number;
  /** Median of the per-pair differences (process under test minus bare node). */
  readonly overheadMs: number;
  /** `medianMs / bareNodeMs`. */
  readonly ratio: number;
  readonly pairs: number;
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function timeRun(args: readonly string[], options: PairedRunOptions, okExitCodes: readonly number[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.error !== undefined) throw result.error;
  if (result.status === null || !okExitCodes.includes(result.status)) {
    throw new Error(`node ${args.join(' ')} exited ${result.status ?? result.signal}: ${(result.stderr ?? '').trim().split('\n')[0] ?? ''}`);
  }
  return ms;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Runs the pairs (bare first, then the process under test) and returns the medians. */
export function pairedStartTimes(options: PairedRunOptions): PairedTiming {
  const pairs = options.pairs ?? 15;
  const warmups = options.warmups ?? 2;
  if (!Number.isInteger(pairs) || pairs < 1) throw new Error('pairs must be a positive integer');
  const bareOk = [0];
  const ok = options.okExitCodes ?? [0];
  for (let i = 0; i < warmups; i++) {
    timeRun(options.bareArgs, options, bareOk);
    timeRun(options.args, options, ok);
  }
  const bare: number[] = [];
  const measured: number[] = [];
  const differences: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const b = timeRun(options.bareArgs, options, bareOk);
    const m = timeRun(options.args, options, ok);
    bare.push(b);
    measured.push(m);
    differences.push(m - b);
    options.onPair?.(i + 1, pairs);
  }
  const medianMs = median(measured);
  const bareNodeMs = median(bare);
  return { medianMs: round1(medianMs), bareNodeMs: round1(bareNodeMs), overheadMs: round1(median(differences)), ratio: Math.round((medianMs / bareNodeMs) * 100) / 100, pairs };
}
