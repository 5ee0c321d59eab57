import { rmSync } from 'node:fs';
import { tempDir } from '../helpers/fixture-task.js';

/** The temp dirs a test file makes or is handed, all removed by `removeAll` (in its afterAll). */
export function scratchDirs(): { make(prefix: string): string; keep(dir: string): void; removeAll(): void } {
  const dirs: string[] = [];
  return {
    make(prefix) {
      dirs.push(tempDir(prefix));
      return dirs.at(-1)!;
    },
    keep(dir) {
      dirs.push(dir);
    },
    removeAll() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
