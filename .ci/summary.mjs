#!/usr/bin/env node
// Turns vitest's JSON report into CI's closing line, "N passed, N failed".
//
// Why not just numFailedTests: a test file that fails to load (a syntax error, a throw at import, a
// missing fixture) or whose beforeAll throws has no failed *test*, only a failed file, so counting tests
// alone would call a run with a broken file green, or hide the broken file behind another failing test.
// Such a file counts as one failure, always, and gets one line naming it before the closing line.
//
// Plain Node, no dependencies: CI runs it right after `npm test`, and test/infra/ci-summary.test.ts
// imports `summarise` from it.
//
// Usage: node .ci/summary.mjs <vitest-report.json> [vitest exit status]
// Exit status: 1 when anything failed, else 0.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * @typedef {{ status?: string }} AssertionResult
 * @typedef {{ name?: string, status?: string, message?: string, assertionResults?: AssertionResult[] }} FileResult
 * @typedef {{ numPassedTests?: number, numFailedTests?: number, success?: boolean, testResults?: FileResult[] }} VitestReport
 * @typedef {{ passed: number, failed: number, lines: string[] }} Summary
 */

/**
 * Summarises one vitest JSON report.
 * @param {unknown} report the parsed `--reporter=json` output
 * @param {{ cwd?: string, exitStatus?: number }} [options] `cwd` to shorten file names; `exitStatus` of vitest, if known
 * @returns {Summary} the counts and the lines to print, the closing line last
 */
export function summarise(report, options = {}) {
  const cwd = options.cwd ?? process.cwd();
  if (!isObject(report) || !isCount(report.numPassedTests) || !isCount(report.numFailedTests)) {
    return { passed: 0, failed: 1, lines: ['the vitest report holds no test counts', '0 passed, 1 failed'] };
  }
  const files = Array.isArray(report.testResults) ? report.testResults.filter(isObject) : [];
  const brokenFiles = files.filter((file) => file.status === 'failed' && !hasFailedTest(file));
  const lines = brokenFiles.map((file) => `failed to load or set up: ${displayName(file.name, cwd)}: ${firstLine(file.message)}`);
  let failed = report.numFailedTests + brokenFiles.length;
  // Vitest can fail a run without failing any file (an unhandled error after a test passed); the closing
  // line must not say "0 failed" then.
  if (failed === 0 && (report.success === false || (options.exitStatus !== undefined && options.exitStatus !== 0))) {
    lines.push('vitest reported a failure outside every test file (e.g. an unhandled error); see its output above');
    failed = 1;
  }
  lines.push(`${report.numPassedTests} passed, ${failed} failed`);
  return { passed: report.numPassedTests, failed, lines };
}

/** @param {FileResult} file */
function hasFailedTest(file) {
  return Array.isArray(file.assertionResults) && file.assertionResults.some((test) => isObject(test) && test.status === 'failed');
}

/** @param {unknown} name @param {string} cwd */
function displayName(name, cwd) {
  if (typeof name !== 'string' || name === '') return '(unnamed file)';
  const shorter = isAbsolute(name) ? relative(cwd, name) : name;
  return shorter.startsWith('..') ? name : shorter;
}

/** @param {unknown} message */
function firstLine(message) {
  const line = typeof message === 'string' ? (message.split('\n').find((l) => l.trim() !== '') ?? '') : '';
  return line.trim() === '' ? '(no message in the report)' : line.trim();
}

/** @param {unknown} value @returns {value is Record<string, any>} */
function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @param {unknown} value @returns {value is number} */
function isCount(value) {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Reads the report file; a missing or unparsable one is a failure of the run, not "0 failed". */
function main() {
  const [reportPath, statusText] = process.argv.slice(2);
  if (reportPath === undefined) {
    console.log('usage: node .ci/summary.mjs <vitest-report.json> [vitest exit status]');
    console.log('0 passed, 1 failed');
    return 1;
  }
  let report;
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8'));
  } catch (error) {
    console.log(`no readable vitest report at ${reportPath}: ${firstLine(error instanceof Error ? error.message : String(error))}`);
    console.log('0 passed, 1 failed');
    return 1;
  }
  const exitStatus = statusText === undefined || statusText === '' ? undefined : Number(statusText);
  const summary = summarise(report, Number.isInteger(exitStatus) ? { exitStatus } : {});
  for (const line of summary.lines) console.log(line);
  return summary.failed > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main();
}
