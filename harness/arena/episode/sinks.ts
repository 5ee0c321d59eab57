import type { RunStore } from '../run-store.js';
import { Transcript, transcriptFile } from '../transcript.js';
import type { EpisodeEvent } from './events.js';
import type { EpisodeSpec } from './spec.js';

/** Consumes one episode's events in order. */
export type EpisodeSink = (event: EpisodeEvent) => void;

/**
 * The run store as a sink: `start` begins an attempt (clearing whatever an interrupted one
 * recorded), `result` finishes it. Replaying a finished episode's events (a Slurm shard merged)
 * records it as if it had run here: texts go into this store's blobs, so ids are this store's.
 */
export function storeSink(store: RunStore, episodeId: string): EpisodeSink {
  return (event) => {
    switch (event.kind) {
      case 'start':
        return store.startEpisode(episodeId, event.agentKind);
      case 'step':
        return store.recordStep(episodeId, event.seq, event.record);
      case 'llm_call':
        return store.recordLlmCall(episodeId, event.seq, event.usage);
      case 'result':
        return store.finishEpisode(episodeId, event.outcome);
      case 'action':
        return;
    }
  };
}

/** The episode's JSON Lines transcript as a sink; a `start` begins it afresh. */
export function transcriptSink(runDir: string, spec: EpisodeSpec): EpisodeSink {
  const transcript = new Transcript(transcriptFile(runDir, spec.id));
  return (event) => {
    switch (event.kind) {
      case 'start':
        return transcript.reset({ kind: 'episode', id: spec.id, task: spec.task.id, agent: spec.agent.id, agentKind: event.agentKind, seed: spec.seed, startedAt: event.startedAt });
      case 'action':
        return transcript.write({ kind: 'action', action: event.action });
      case 'step': {
        const { submission, ...record } = event.record;
        return transcript.write({ kind: 'step', ...record, submission: submission ? { valid: submission.valid, publicScore: submission.publicScore, privateScore: submission.privateScore } : undefined });
      }
      case 'llm_call': {
        // The call's messages go to the run store only (content-addressed there); the line keeps its counts.
        const { call: _call, ...counts } = event.usage;
        return transcript.write({ kind: 'llm_call', ...counts });
      }
      case 'result':
        return transcript.write({ kind: 'result', ...event.outcome });
    }
  };
}

/** Every sink gets every event, in the order given. */
export function allSinks(...sinks: EpisodeSink[]): EpisodeSink {
  return (event) => sinks.forEach((sink) => sink(event));
}
