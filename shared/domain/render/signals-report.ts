/** The terminal report of parsed events: one line per signal, one per ignored event. Pure string building. */
import type { Signal } from '../model.ts';

/** One line per signal (alarm state or log batch) and per ignored event, with the reason. */
export function renderSignalsText(signals: readonly Signal[], ignored: readonly { readonly reason: string }[]): string {
  const out: string[] = [];
  for (const s of signals) {
    const api = s.apiId ?? s.apiName ?? 'unknown API';
    if (s.source === 'alarm') out.push(`Alarm ${s.alarmName ?? ''} is ${s.state ?? '?'} for ${api}${s.stage ? ` stage ${s.stage}` : ''}${s.reason ? `: ${s.reason}` : ''}`);
    else out.push(`Log batch from ${s.logGroup ?? '?'} (${s.logKind ?? 'log'}): ${s.events?.length ?? 0} events for ${api}${s.stage ? ` stage ${s.stage}` : ''}`);
  }
  for (const i of ignored) out.push(`Ignored: ${i.reason}`);
  return `${out.join('\n')}\n`;
}
