#!/usr/bin/env node
// dist/ is what `npm run build` writes: tsc's output and the yargs bundle (scripts/bundle-yargs.mjs).
import('../dist/harness/cli/main.js').catch((err) => {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('/dist/')) throw err;
  process.stderr.write(`arena: the build is incomplete (${err.message.split('\n')[0]}); run npm run build\n`);
  process.exit(1);
});
