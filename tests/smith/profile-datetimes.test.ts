import { describe, expect, it } from 'vitest';
import { profileDataset } from '../../harness/smith/profile.js';

// Minneapolis police stops (carData MplsStops): its `date` holds two UTC offsets (-05:00 and
// -06:00, daylight saving), which pandas parses to objects unless told to use UTC; the profiler
// failed on it, and the whole dataset with it, in the 2026-12-04 generation.
describe('the profiler on date-times with several UTC offsets', () => {
  it('profiles MplsStops and measures the spacing of its stops', async () => {
    const profile = await profileDataset('cardata-mplsstops');
    const date = profile.columns.find((c) => c.name === 'date')!;
    expect(date.type).toBe('datetime');
    // 51,920 stops over 2017 (~142 a day): a few minutes apart, in days.
    expect(date.medianStep).toBeGreaterThan(0);
    expect(date.medianStep).toBeLessThan(0.01);
  }, 180_000);
});
