import { heuristicRoles, type Roles } from './roles.js';

/** `heuristic`, or a model id whose LLM plays every role. */
export function resolveRoles(spec: string): Roles {
  if (spec === 'heuristic') return heuristicRoles;
  throw new Error(`--roles: "${spec}" is not "heuristic" or a model id (openai:<m>, anthropic:<m>, google:<m>, openai-compat:<m>@<url>)`);
}
