// yargs bundled into one file by scripts/bundle-yargs.mjs (run by the build) for a fast start-up;
// its types are yargs' own.
export { default } from 'yargs';
export { hideBin } from 'yargs/helpers';
