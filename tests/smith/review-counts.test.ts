import path from 'node:path';
import { chmodSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate } from '../../harness/smith/pipeline.js';
import { heuristicRoles } from '../../harness/smith/roles/roles.js';
import { tempDir } from '../helpers/fixture-task.js';

// GSS7402 (AER): the number of children of women in the General Social Survey, 0 to 8. AER fits a
// probit of `kids <= 0`; the count itself is the other natural question. A count takes few values by
// nature, which the offline reviewer must not read as a coded measurement.
describe('the offline reviewer on a count with few values', () => {
  it('verifies GSS7402 nokids (the documented probit) and kids (a count of 0 to 8), neither rejected as meaningless', { timeout: 600_000 }, async () => {
    const root = tempDir('arena-review-counts-');
    chmodSync(root, 0o755); // prepare and the baselines run under an unprivileged uid
    const out = path.join(root, 'suite');
    const summary = await generate({ datasets: ['aer-gss7402'], outDir: out, roles: heuristicRoles, perDataset: 2, concurrency: 2, runtime: 'local', maxRetries: 1 });
    const state = JSON.parse(readFileSync(path.join(out, '.smith', 'state.json'), 'utf8')) as { candidates: Record<string, { verdict: string; reasons: { check: string; message: string }[] }> };
    const kids = state.candidates['aer-gss7402-kids-regression']!;
    expect(kids.reasons.map((r) => r.check)).not.toContain('review-meaningful');
    expect(kids.verdict).toBe('verified');
    expect(state.candidates['aer-gss7402-nokids-binary']!.verdict).toBe('verified');
    expect(summary.verified).toBe(2);
  });
});
