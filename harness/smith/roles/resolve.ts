import { createLlmRoles } from '../llm/llm-roles.js';
import { heuristicRoles, type Roles } from './roles.js';

/** `heuristic`, or a model id whose LLM plays every role (its API key read from the environment). */
export function resolveRoles(spec: string, env: NodeJS.ProcessEnv = process.env): Roles {
  if (spec === 'heuristic') return heuristicRoles;
  return createLlmRoles(spec, { env });
}
