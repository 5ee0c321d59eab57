import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../util/paths.js';
import { docker } from './client.js';

const RECIPE = path.join(REPO_ROOT, 'scripts', 'build-runtime-image.sh');

/** The image tag: a hash of the recipe, so a changed recipe builds a new image and an unchanged one is reused. */
export function runtimeImageTag(): string {
  const hash = createHash('sha256').update(readFileSync(RECIPE)).digest('hex').slice(0, 12);
  return `mle-arena-runtime:${hash}`;
}

export async function runtimeImageExists(tag = runtimeImageTag()): Promise<boolean> {
  try {
    await docker().getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}

/** Builds the runtime image offline (debootstrap + docker import) unless it exists. */
export async function buildRuntimeImage(options: { force?: boolean; onProgress?: (line: string) => void } = {}): Promise<{ tag: string; built: boolean; seconds: number }> {
  const tag = runtimeImageTag();
  const started = performance.now();
  if (!options.force && (await runtimeImageExists(tag))) return { tag, built: false, seconds: 0 };
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [RECIPE, tag], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const onData = (d: Buffer) => {
      const text = d.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) options.onProgress?.(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`runtime image build failed (exit ${code}):\n${tail}`))));
  });
  return { tag, built: true, seconds: (performance.now() - started) / 1000 };
}
