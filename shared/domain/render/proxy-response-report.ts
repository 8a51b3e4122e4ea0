/** The terminal report of a proxy-response verdict (`check-response`). Pure string building. */
import type { ProxyResponseVerdict } from '../proxy-response/index.ts';

/** What the client gets, whether API Gateway accepts the response, and each violation with its fix. */
export function renderVerdictText(verdict: ProxyResponseVerdict, api: string, format: string | null): string {
  const out: string[] = [];
  const where = api === 'rest' ? 'REST API, Lambda proxy integration' : `HTTP API, payload format ${format ?? '2.0'}`;
  out.push(`${where}: the client gets ${verdict.status}${verdict.clientBody !== null ? ` with body ${verdict.clientBody.length > 200 ? `${verdict.clientBody.slice(0, 200)}…` : verdict.clientBody}` : ''}`);
  out.push(verdict.valid ? 'Valid: API Gateway accepts this response.' : `Invalid: API Gateway rejects this response (${verdict.violations.length} problem${verdict.violations.length === 1 ? '' : 's'}).`);
  for (const v of verdict.violations) {
    out.push('');
    out.push(`✖ ${v.path} [${v.rule}]: ${v.message}`);
    out.push(`  Fix: ${v.fix.split('\n').join('\n       ')}`);
  }
  if (verdict.notes.length > 0) {
    out.push('');
    for (const note of verdict.notes) out.push(`note: ${note}`);
  }
  return `${out.join('\n')}\n`;
}
