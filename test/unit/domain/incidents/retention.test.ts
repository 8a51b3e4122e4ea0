import { describe, expect, it } from 'vitest';
import { RETENTION_DAYS, epochSeconds, expirationFor, hourBucket, isLive, normalizeTime } from '../../../../shared/domain/incidents/retention.ts';

const NOW = new Date('2026-11-20T14:10:00.500Z');

describe('retention', () => {
  it('expires each kind its number of days after the write, in epoch seconds', () => {
    // Act
    const incident = expirationFor('incident', NOW);
    const marker = expirationFor('requestMarker', NOW);

    // Assess
    expect(epochSeconds(NOW)).toBe(1795183800);
    expect(incident).toBe(1795183800 + 30 * 86_400);
    expect(marker).toBe(1795183800 + 2 * 86_400);
    expect(RETENTION_DAYS.requestMarker).toBeLessThan(RETENTION_DAYS.incident);
  });

  it('treats an item as gone from its expiration second on', () => {
    // Act
    const states = [isLive(1795183801, NOW), isLive(1795183800, NOW), isLive(1795183799, NOW)];

    // Assess
    expect(states).toEqual([true, false, false]);
  });

  it('normalises times to one sortable shape and buckets them by UTC hour', () => {
    // Act
    const times = [normalizeTime('2026-11-20T14:00:00Z'), normalizeTime('2026-11-20T16:00:00+02:00'), normalizeTime('soon')];

    // Assess
    expect(times).toEqual(['2026-11-20T14:00:00.000Z', '2026-11-20T14:00:00.000Z', null]);
    expect(hourBucket('2026-11-20T14:59:59.999Z')).toBe('2026-11-20T14');
  });
});
