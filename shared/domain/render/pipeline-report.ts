/** The terminal report of a local pipeline run (`replay --recording`): per incident, the plan, the outcomes and the messages. Pure. */
import type { SdkRequest } from '../model.ts';
import type { IncidentResult } from '../use-cases/handle-work.ts';

const KIND_LABEL: Readonly<Record<IncidentResult['kind'], string>> = {
  new: 'new incident',
  ongoing: 'still failing',
  resolved: 'resolved',
  counted: 'counted into the open incident',
};

function indent(text: string, prefix: string): string {
  return text.split('\n').map((line) => `${prefix}${line}`).join('\n');
}

/** One block per incident, then the writes the run made. */
export function renderPipelineText(incidents: readonly IncidentResult[], writes: readonly SdkRequest[]): string {
  const out: string[] = [];
  for (const i of incidents) {
    out.push(`━━ Incident ${i.key.apiId}/${i.key.stage} ${i.key.cause} ${i.key.route} (${KIND_LABEL[i.kind]}, ${i.incident.count} failing request${i.incident.count === 1 ? '' : 's'})`);
    if (i.plan.length > 0) {
      out.push('  Plan:');
      for (const s of i.plan) {
        out.push(`    ${s.mode.padEnd(8)} ${(s.action ?? s.check).padEnd(28)} ${s.resource}`);
        out.push(indent(`why: ${s.reason}`, '             '));
        if (s.mode !== 'apply' && s.cli !== '') out.push(indent(s.cli, '             '));
        if (s.undo !== null) out.push(`             undo: ${s.undo}`);
      }
    }
    for (const o of i.outcomes) out.push(`  Outcome: ${o.status} ${o.action} on ${o.resource}: ${o.reason}`);
    for (const n of i.notes) out.push(`  Note: ${n}`);
    if (i.notifications.length > 0) {
      const parts = i.notifications.map((n) => `${n.notification.channel} ${n.delivery === 'not-configured' ? 'rendered (not sent: channel not configured)' : n.delivery}`);
      out.push(`  Messages: ${parts.join('; ')}`);
    }
  }
  out.push(writes.length === 0 ? 'Writes: none (the account was not changed)' : `Writes: ${writes.length} (${writes.map((w) => `${w.service} ${w.operation}`).join(', ')})`);
  return `${out.join('\n')}\n`;
}
