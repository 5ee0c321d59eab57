import { execFileSync } from 'node:child_process';
import { buildRuntimeImage } from '../../harness/sandbox/docker/image.js';

/** The Docker backend runs for real, in CI too: the engine is started and the runtime image built (offline, from Debian packages) when missing. The first build takes minutes; then it is reused. */
export async function startDocker(): Promise<void> {
  execFileSync('scripts/docker-up.sh', { stdio: 'inherit' });
  await buildRuntimeImage({ onProgress: (line) => process.stderr.write(`${line}\n`) });
}

/** What a backend needs on this machine before its first sandbox; a backend without an entry needs nothing. */
export const PREREQUISITES: Record<string, () => Promise<void>> = { docker: startDocker, 'docker-copy': startDocker };

export const PREREQUISITE_TIMEOUT_MS = 20 * 60_000;
