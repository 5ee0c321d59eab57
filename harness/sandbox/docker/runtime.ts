import { z } from 'zod';

/**
 * The OCI runtime sandboxes run under: runc (Docker's own), or gVisor (`runsc`, Debian's
 * package, registered by scripts/docker-up.sh), opt-in with ARENA_DOCKER_RUNTIME=runsc. gVisor puts
 * a user-space kernel between the code and the host's, at some cost per execution; it is never
 * used unless asked for, so a runsc that does not work here breaks nothing by default.
 */
const RuntimeSchema = z.enum(['runc', 'runsc']);
export type DockerRuntime = z.infer<typeof RuntimeSchema>;

export const GVISOR = 'runsc';

export function dockerRuntime(): DockerRuntime {
  const value = process.env.ARENA_DOCKER_RUNTIME;
  if (value === undefined || value === '') return 'runc';
  const parsed = RuntimeSchema.safeParse(value);
  if (!parsed.success) throw new Error(`ARENA_DOCKER_RUNTIME="${value}": expected one of ${RuntimeSchema.options.join(', ')}`);
  return parsed.data;
}

/** HostConfig.Runtime, always named: an engine whose default runtime is another must not change what the backend assumes. */
export function runtimeOption(runtime: DockerRuntime): { Runtime: string } {
  return { Runtime: runtime };
}
