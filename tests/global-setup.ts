import { execFileSync } from 'node:child_process';

/** CLI tests run the compiled `bin/arena.js`: build once (as `npm run build` does) so they never test stale output. */
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
  execFileSync('node', ['scripts/bundle-yargs.mjs'], { stdio: 'inherit' });
}
