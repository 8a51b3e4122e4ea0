/**
 * Use case: turn the signals of one event into diagnoses. A log signal names its API id and stage; an
 * alarm names the API by `ApiName` (REST), which is resolved to ids (names are not unique: each match is
 * diagnosed and the ambiguity is said); an HTTP API alarm names it by `ApiId` and is diagnosed as an HTTP API
 * (diagnose-http-api.ts). `OK` alarms need no diagnosis.
 */
import type { AccountReader } from '../../ports/account-reader.ts';
import type { Finding, Signal } from '../model.ts';
import type { Diagnosis } from '../model.ts';
import { diagnoseStage } from './diagnose.ts';
import { diagnoseApi } from './diagnose-http-api.ts';

/** Diagnoses and what could not be diagnosed, with why. */
export interface SignalDiagnoses {
  readonly diagnoses: readonly Diagnosis[];
  readonly notes: readonly string[];
  /** Failing signals (an alarm in ALARM, a log batch with failures) that could not be diagnosed. */
  readonly undiagnosed: number;
}

/** When the event happened and how far back to read logs for alarm signals. */
export interface SignalWindow {
  readonly now: number;
  readonly windowMs: number;
}

function findingsFor(signal: Signal, findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => (f.details['apiId'] === undefined || f.details['apiId'] === signal.apiId) && (f.details['stage'] === undefined || f.details['stage'] === signal.stage));
}

/** Diagnoses every API stage the signals point at (each stage once). */
export async function diagnoseSignals(reader: AccountReader, signals: readonly Signal[], findings: readonly Finding[], window: SignalWindow): Promise<SignalDiagnoses> {
  const diagnoses: Diagnosis[] = [];
  const notes: string[] = [];
  const done = new Set<string>();
  let undiagnosed = 0;
  for (const signal of signals) {
    if (signal.source === 'alarm' && signal.state !== 'ALARM') {
      notes.push(`Alarm ${signal.alarmName ?? ''} is ${signal.state ?? 'unknown'}: nothing to diagnose.`);
      continue;
    }
    if (signal.region !== null && signal.region !== reader.region) {
      notes.push(`${signal.source === 'alarm' ? `Alarm ${signal.alarmName ?? ''}` : 'The log batch'} is in ${signal.region}, but the account is read in ${reader.region}: run again with --region ${signal.region}.`);
      undiagnosed++;
      continue;
    }
    if (signal.apiId === null && signal.apiName === null) {
      // A composite alarm (or a log group that names no API): there is nothing to look up.
      notes.push(`The ${signal.source} signal names no API${signal.reason ? ` (${signal.reason})` : ''}: nothing to diagnose.`);
      continue;
    }
    if (signal.stage === null) {
      undiagnosed++;
      notes.push(`${signal.source === 'alarm' ? `Alarm ${signal.alarmName ?? ''}` : `Log group ${signal.logGroup ?? ''}`} names no stage: add the Stage dimension to the alarm (or diagnose with --stage).`);
      continue;
    }
    let ids: string[] = [];
    if (signal.apiId !== null) ids = [signal.apiId];
    else if (signal.apiName !== null) {
      const found = await reader.findRestApisByName(signal.apiName);
      if (!found.ok) {
        notes.push(`Could not resolve API name ${signal.apiName}: ${found.error.message}`);
        undiagnosed++;
        continue;
      }
      ids = found.value.map((a) => a.id);
      if (ids.length === 0) {
        notes.push(`No REST API named ${signal.apiName} in ${reader.region}.`);
        undiagnosed++;
      }
      if (ids.length > 1) notes.push(`${ids.length} REST APIs are named ${signal.apiName} (${ids.join(', ')}); API names are not unique, so each is diagnosed.`);
    }
    for (const id of ids) {
      const key = `${id}/${signal.stage}`;
      if (done.has(key)) continue;
      done.add(key);
      const fromEvent = signal.source === 'logs' ? findingsFor(signal, findings) : undefined;
      const base = {
        stageName: signal.stage, startTime: window.now - window.windowMs, endTime: window.now,
        ...(fromEvent !== undefined && fromEvent.length > 0 ? { findings: fromEvent } : {}),
      };
      // A signal by id may be an HTTP API (its `5xx` alarm carries ApiId; its access log names the id): found REST or HTTP.
      const result = signal.apiId === null
        ? await diagnoseStage(reader, { ...base, restApiId: id })
        : await diagnoseApi(reader, { ...base, apiId: id, ...(signal.apiKind === 'http' ? { prefer: 'HTTP' as const } : {}) });
      if (result.ok) diagnoses.push(result.value);
      else {
        notes.push(`Could not diagnose ${key}: ${result.error.message}`);
        undiagnosed++;
      }
    }
  }
  return { diagnoses, notes, undiagnosed };
}
