/**
 * Plain-text rendering of a diagnosis: the most likely cause first, then every failing check with the
 * exact fix, then warnings; passes and skips summarised. Written for a person in the middle of an outage.
 */
import { CAUSES } from '../causes.ts';
import type { CheckResult } from '../model.ts';
import type { Diagnosis } from '../model.ts';
import { describeChange } from '../use-cases/diagnose-changes.ts';

function indent(text: string, pad: string): string {
  return text.split('\n').map((l) => `${pad}${l}`).join('\n');
}

function renderCheck(c: CheckResult, out: string[]): void {
  const mark = c.status === 'fail' ? '✖' : c.status === 'warn' ? '!' : c.status === 'skip' ? '–' : '✓';
  out.push(`  ${mark} ${c.id}  ${c.resource}`);
  out.push(indent(c.message, '      '));
  if (c.fix) {
    out.push('      Fix now:');
    out.push(indent(c.fix.cli, '        '));
    out.push('      Keep it in your IaC:');
    out.push(indent(c.fix.iac, '        '));
  }
}

/** Renders a diagnosis for a terminal. */
export function renderDiagnosisText(d: Diagnosis): string {
  const out: string[] = [];
  out.push(`API ${d.api.name ?? '(unnamed)'} (${d.api.id}), stage ${d.api.stage}, ${d.api.region}, account ${d.api.account}`);
  // What changed leads: "who changed what, when" is the first question of every incident review.
  const changes = d.changes ?? [];
  if (changes.length > 0) {
    out.push('', `What changed before it broke (${changes.length}, most relevant first):`);
    for (const c of changes) {
      const related = c.relatedTo === null ? '' : `  [explains ${c.relatedTo}]`;
      out.push(`  • ${describeChange(c)}${related}`);
      if (c.revert !== null) out.push(`      Revert: ${c.revert}`);
    }
    out.push('');
  }
  const failing = d.findings.reduce((n, f) => n + (typeof f.details['count'] === 'number' ? f.details['count'] : 1), 0);
  out.push(d.logSource === null ? 'Logs: none readable for this window.' : `Logs: ${failing} failing request${failing === 1 ? '' : 's'} classified from ${d.logSource}.`);
  // The function's own log group (read or not: a failed read is in the notes) and what the cause rests on.
  for (const l of (d.functionLogs ?? []).filter((f) => f.status === 'read')) out.push(`Function log: ${l.message}`);
  if (d.evidence !== undefined) out.push(`Evidence: ${d.evidence}.`);
  for (const note of d.notes) out.push(`Note: ${note}`);
  out.push('');
  const failingChecks = d.checks.filter((c) => c.status === 'fail').length;
  if (d.causes.length === 0) {
    const logs = d.logSource === null ? 'no log could be read for the window' : 'no failing request in the window';
    out.push(failingChecks === 0 ? `No cause found: ${logs} and no failing check.` : `No cause of failing requests found (${logs}), but ${failingChecks} check${failingChecks === 1 ? '' : 's'} fail${failingChecks === 1 ? 's' : ''}: see below.`);
  }
  else {
    out.push(d.causes.length === 1 ? 'Most likely cause:' : 'Causes, most likely first:');
    d.causes.forEach((c, i) => {
      out.push(`  ${i + 1}. ${CAUSES[c.cause].title} [${c.cause}] — confidence ${c.confidence.toFixed(2)}`);
      for (const b of c.because) out.push(`       · ${b.length > 300 ? `${b.slice(0, 299)}…` : b}`);
    });
  }
  const fails = d.checks.filter((c) => c.status === 'fail');
  const warns = d.checks.filter((c) => c.status === 'warn');
  const skips = d.checks.filter((c) => c.status === 'skip');
  const passes = d.checks.filter((c) => c.status === 'pass');
  if (fails.length > 0) {
    out.push('', `Failing checks (${fails.length}):`);
    for (const c of fails) renderCheck(c, out);
  }
  if (warns.length > 0) {
    out.push('', `Warnings (${warns.length}):`);
    for (const c of warns) renderCheck(c, out);
  }
  const passedIds = [...new Set(passes.map((c) => c.id))];
  // A check runs once per method or function: say how many results and of which checks, so the two counts agree.
  const passedCount = passes.length === passedIds.length
    ? `${passes.length} check${passes.length === 1 ? '' : 's'}`
    : `${passes.length} results of ${passedIds.length} checks`;
  out.push('', `Passed: ${passedCount} (${passedIds.join(', ') || 'none'}).`);
  if (skips.length > 0) {
    out.push(`Skipped (${skips.length}):`);
    // A skip can say what to run elsewhere on lines of its own (a function in another account): keep them inside the list.
    for (const c of skips) out.push(`  – ${c.id} ${c.resource}: ${c.message.split('\n').join('\n      ')}`);
  }
  return `${out.join('\n')}\n`;
}
