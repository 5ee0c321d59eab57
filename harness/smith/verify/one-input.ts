import { parseBaselineStep } from '../../arena/agent-factory.js';
import { readTranscript, transcriptFile } from '../../arena/transcript.js';
import type { CheckRecord } from '../types.js';

/** The offline agent that scores the best single input column (a smooth model of it, chosen by cross-validation). */
export const ONE_INPUT_AGENT = 'baseline:one-input';

/**
 * The reference must close at least this share of what the best single input leaves to the
 * optimum: the sixth reading found references one column alone matched (thoro's birth date 0.799
 * against 0.800, AIDS2's age 0.576 against 0.581), tasks with nothing to rank; a dominant column
 * a model still improves on by a fifth or more (diamonds' carat) stays.
 */
export const MIN_EDGE_OVER_ONE_INPUT = 0.05;

/** The column the one-input baseline's last fitted step chose, from the step's result line. */
export async function chosenInput(runDir: string, episodeId: string): Promise<string | null> {
  let chosen: string | null = null;
  for await (const { record } of readTranscript(transcriptFile(runDir, episodeId))) {
    if (record.kind !== 'step' || record.action !== 'execute_code') continue;
    chosen = parseBaselineStep(record.stdout)?.input ?? chosen;
  }
  return chosen;
}

/**
 * The check that the reference clearly beats one input column alone: the share of the gap from the
 * one-input score to the optimum that the reference closes. Null when the one-input baseline has no
 * valid score (the solvable check reports the baselines' failures).
 */
export function oneInputCheck(
  higherIsBetter: boolean,
  scores: { oneInput: number | null; reference: number; optimum: number },
  referenceAgent: string,
  column: string | null,
): CheckRecord | null {
  const { oneInput, reference, optimum } = scores;
  if (oneInput === null) return null;
  const left = Math.abs(optimum - oneInput);
  const gained = higherIsBetter ? reference - oneInput : oneInput - reference;
  const edge = left > 0 ? gained / left : gained > 0 ? 1 : 0;
  const alone = column ? `\`${column}\` alone` : 'one input column alone';
  const shown = (v: number) => v.toPrecision(4);
  return {
    id: 'execution-beats-one-input',
    stage: 'execution',
    ok: edge >= MIN_EDGE_OVER_ONE_INPUT,
    fixBy: 'brainstormer',
    message: `${referenceAgent} (${shown(reference)}) closes ${(edge * 100).toFixed(1)}% of the gap from ${alone} (${ONE_INPUT_AGENT} ${shown(oneInput)}) to the optimum (${shown(optimum)}); needs ${MIN_EDGE_OVER_ONE_INPUT * 100}%, or one column does what a model of all of them does`,
    details: { edge, oneInput, ...(column ? { column } : {}) },
  };
}
