import { describe, expect, it } from 'vitest';
import { levelOf, storagePressure } from '../../../src/client/device/storage';

const est = (usage: number, quota: number) => ({ estimate: async () => ({ usage, quota }) });

describe('storagePressure', () => {
  it('is ok below 80 %, warn from 80 %, full from 95 %', async () => {
    expect(await storagePressure(est(79, 100))).toEqual({
      usage: 79,
      quota: 100,
      ratio: 0.79,
      level: 'ok',
    });
    expect((await storagePressure(est(80, 100))).level).toBe('warn');
    expect((await storagePressure(est(94.9, 100))).level).toBe('warn');
    expect((await storagePressure(est(95, 100))).level).toBe('full');
    expect(levelOf(1.2)).toBe('full');
  });

  it('without the StorageManager API, or when estimate fails, it is unknown and does not refuse anything', async () => {
    expect(await storagePressure(undefined)).toMatchObject({ level: 'ok', quota: 0 });
    expect(await storagePressure({ estimate: () => Promise.reject(new Error('x')) })).toMatchObject(
      { level: 'ok' },
    );
  });
});
