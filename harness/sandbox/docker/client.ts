import Docker from 'dockerode';

let client: Docker | undefined;

/** The Docker engine on its local socket (DOCKER_HOST is honoured by dockerode). */
export function docker(): Docker {
  client ??= new Docker();
  return client;
}
