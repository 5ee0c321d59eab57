import type { LlmProvider } from './provider.js';

/**
 * A provider whose adapter module (and with it the vendor's SDK) is loaded on its first call:
 * a command or a Slurm worker that never calls a model never pays for loading the SDKs.
 */
export function lazyProvider(identity: Pick<LlmProvider, 'name' | 'model' | 'api'>, load: () => Promise<LlmProvider>): LlmProvider {
  let adapter: Promise<LlmProvider> | undefined;
  return {
    ...identity,
    complete: async (request) => (await (adapter ??= load())).complete(request),
  };
}
