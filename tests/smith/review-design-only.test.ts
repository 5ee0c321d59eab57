import path from 'node:path';
import { chmodSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate } from '../../harness/smith/pipeline.js';
import { heuristicRoles } from '../../harness/smith/roles/roles.js';
import { tempDir } from '../helpers/fixture-task.js';

// sleepstudy (lme4): reaction times of 18 subjects on days 0-9 of sleep deprivation, `Reaction ~ Days
// | Subject`. Split by subject, the only input left is Days: ten values, so the best model is the mean
// reaction of each day. An expert reading found such design-only tasks among the generated ones.
describe('the offline reviewer on inputs that are only a design', () => {
  it('rejects sleepstudy reaction from Days alone as a table of cell means, saying so', { timeout: 600_000 }, async () => {
    const root = tempDir('arena-review-design-');
    chmodSync(root, 0o755); // prepare and the baselines run under an unprivileged uid
    const out = path.join(root, 'suite');
    await generate({ datasets: ['lme4-sleepstudy'], outDir: out, roles: heuristicRoles, perDataset: 1, concurrency: 1, runtime: 'local', maxRetries: 0 });
    const state = JSON.parse(readFileSync(path.join(out, '.smith', 'state.json'), 'utf8')) as { candidates: Record<string, { verdict: string; reasons: { check: string; message: string }[] }> };
    const reaction = state.candidates['lme4-sleepstudy-reaction-regression']!;
    expect(reaction.verdict).toBe('rejected');
    const reason = reaction.reasons.find((r) => r.check === 'review-non-trivial')!;
    expect(reason.message).toMatch(/`Days`\) take only 10 distinct combinations .* table of cell means/);
  });
});
