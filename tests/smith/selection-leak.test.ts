import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { resolveDatasetDir } from '../../harness/datasets/fetch.js';
import { brainstormHeuristic } from '../../harness/smith/roles/heuristic-brainstormer.js';
import { designHeuristic } from '../../harness/smith/roles/heuristic-designer.js';
import { realProfiles } from './real-profiles.js';

// "Event within a horizon" leaves out the rows censored before it. Follow-up ends for everyone at
// the study's close, so whoever entered late was followed only briefly: such a row remains only if
// its event came early. The calendar time of entry then tells the answer (the fourth reading:
// flchain's kept rows with sample.yr ≥ 2000 are all deaths).
const profile = realProfiles(['survival-flchain', 'survival-mgus', 'survival-rotterdam', 'survival-lung', 'survival-nwtco'] as const);

const SHARE_PY = `
import json, sys
import pandas as pd
df = pd.read_csv(sys.argv[1])
kept = df[(df["death"] == 1) & (df["futime"] <= 3700) | (df["futime"] > 3700)]
yes = (kept["death"] == 1) & (kept["futime"] <= 3700)
late = kept["sample.yr"] >= 2000
print(json.dumps({"late": int(late.sum()), "late_yes": float(yes[late].mean()), "early_yes": float(yes[~late].mean())}))
`;

const eventTasks = (name: Parameters<typeof profile>[0]) =>
  brainstormHeuristic(profile(name), 8).proposals.filter((p) => p.derive.kind === 'event_by').map((p) => designHeuristic(profile(name), p, {}).design);

describe('the calendar time of entry in an event-by-horizon task', () => {
  it("flchain's sample year tells the answer among the rows kept (every late entrant kept died), so it is dropped, and age is kept", async () => {
    const raw = path.join(await resolveDatasetDir('survival-flchain'), 'data.csv');
    const shares = JSON.parse((await promisify(execFile)('/usr/bin/python3', ['-c', SHARE_PY, raw])).stdout) as { late: number; late_yes: number; early_yes: number };
    expect(shares.late).toBeGreaterThan(50);
    expect(shares.late_yes).toBe(1);
    expect(shares.early_yes).toBeLessThan(0.5);
    const [design] = eventTasks('survival-flchain');
    expect(design!.features).not.toContain('sample.yr');
    expect(design!.features).toContain('age');
    expect(design!.dropped.find((d) => d.column === 'sample.yr')?.reason).toMatch(/selection leak/);
  });

  it("MGUS's year of diagnosis and Rotterdam's year of surgery are dropped the same way", () => {
    const designs = [...eventTasks('survival-mgus'), ...eventTasks('survival-rotterdam')];
    expect(designs.map((d) => d.proposal.dataset)).toEqual(expect.arrayContaining(['survival-mgus', 'survival-rotterdam']));
    for (const design of designs) {
      const entry = design.proposal.dataset === 'survival-mgus' ? 'dxyr' : 'year';
      expect(design.features, design.proposal.target).not.toContain(entry);
      expect(design.dropped.find((d) => d.column === entry)?.reason).toMatch(/calendar time of entry/);
    }
  });

  it("nwtco's study (NWTS-3 or -4) decided how long a child could be followed: dropped with each study's share censored early, as pandas counts them", async () => {
    const [design] = eventTasks('survival-nwtco');
    const derive = design!.proposal.derive;
    expect(derive).toMatchObject({ kind: 'event_by', status: 'rel' });
    const horizon = derive.kind === 'event_by' ? derive.horizon : NaN;
    const raw = path.join(await resolveDatasetDir('survival-nwtco'), 'data.csv');
    const py = `import json, sys, pandas as pd
df = pd.read_csv(sys.argv[1]); h = float(sys.argv[2])
free = df[~((df.rel == 1) & (df.edrel <= h))]
print(json.dumps({str(k): [float(v.mean()), int(len(v))] for k, v in (free.edrel <= h).groupby(free.study)}))`;
    const shares = JSON.parse((await promisify(execFile)('/usr/bin/python3', ['-c', py, raw, String(horizon)])).stdout) as Record<string, [number, number]>;
    expect(shares['4']![0] - shares['3']![0]).toBeGreaterThan(0.4);
    expect(design!.features).not.toContain('study');
    const reason = design!.dropped.find((d) => d.column === 'study')?.reason ?? '';
    expect(reason).toMatch(/selection leak/);
    for (const [level, [share, rows]] of Object.entries(shares)) expect(reason).toContain(`${level}: ${Math.round(share * 100)}% of ${rows}`);
    expect(design!.features).toEqual(expect.arrayContaining(['histol', 'stage', 'age']));
  });

  it("Rotterdam's tumour size, whose largest tumours are censored early more often (death before recurrence), stays an input", () => {
    const recur = eventTasks('survival-rotterdam').find((d) => d.proposal.source === 'rtime');
    expect(recur, 'a recurrence task').toBeDefined();
    expect(recur!.features).toContain('size');
  });

  it("drops nothing as the time of entry where the card documents none (lung cancer's ECOG scores, calories, weight loss)", () => {
    const designs = eventTasks('survival-lung');
    expect(designs.length).toBeGreaterThan(0);
    for (const design of designs) expect(design.dropped.filter((d) => /selection leak/.test(d.reason))).toEqual([]);
  });
});
