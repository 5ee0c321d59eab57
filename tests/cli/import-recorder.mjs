// Module hooks (node --import, see startup.test.ts) that append every module a process loads, with
// the module that imported it, to the file named by ARENA_IMPORT_LOG: one `url<TAB>parent` a line.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.ARENA_IMPORT_LOG, `${resolved.url}\t${context.parentURL ?? ''}\n`);
  return resolved;
}
