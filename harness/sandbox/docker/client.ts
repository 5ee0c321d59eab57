import Docker from 'dockerode';

/** The engine's socket: ARENA_DOCKER_SOCKET, else Docker's default. */
export const DOCKER_SOCKET = process.env.ARENA_DOCKER_SOCKET ?? '/var/run/docker.sock';

let client: Docker | undefined;

/** The Docker engine (dockerode over the local socket; DOCKER_HOST wins when it is set). */
export function docker(): Docker {
  client ??= process.env.DOCKER_HOST ? new Docker() : new Docker({ socketPath: DOCKER_SOCKET });
  return client;
}

/** Whether the engine runs on this machine (its unix socket), so its containers' pids and cgroups are this host's. */
export function engineOnThisHost(): boolean {
  const host = process.env.DOCKER_HOST;
  return !host || host.startsWith('unix://');
}

/** The engine's version, or undefined when nothing answers on the socket. */
export async function engineVersion(): Promise<string | undefined> {
  try {
    // A client of its own with a timeout: a wedged engine must not hang check(). (Not on the main
    // client, whose exec streams and image imports legitimately last long.)
    const probe = process.env.DOCKER_HOST ? new Docker({ timeout: 5000 }) : new Docker({ socketPath: DOCKER_SOCKET, timeout: 5000 });
    return (await probe.version()).Version;
  } catch {
    return undefined;
  }
}

/** An HTTP status from the engine, when the error carries one (dockerode sets `statusCode`). */
export function statusOf(err: unknown): number | undefined {
  const code = (err as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' ? code : undefined;
}
