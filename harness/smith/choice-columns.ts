import { stemmer } from 'stemmer';
import type { CardColumn, DatasetCard } from '../datasets/card.js';

/**
 * What a unit chose, or what was decided about it, for a card that documents no target: a vote
 * ("will vote yes", "Party choice"), a decision ("Judge's decision"), a result a decision-maker
 * gave ("Was the applicant called back?", "Whether or not the arrestee was released"). Those are
 * the response variables of survey, legal and audit-study data, and the card's own words say so.
 * A choice of the study's design (a treatment, an assignment) is no outcome.
 */
export interface ChoiceColumn {
  column: CardColumn;
  /** The card's words that make it a choice or a decision. */
  phrase: string;
  by: 'meaning' | 'description';
}

/** A column meaning that says what the unit chose or what was decided about it. */
const CHOSEN = /\b(will vote|would vote|vote choice|voted for|party choice|(?:political )?party chosen|judge'?s decision|court'?s decision|decision of the (?:judge|court|board|committee|jury)|was the \w+ (?:called back|released|accepted|admitted|hired|granted|approved|convicted|promoted)|whether or not the \w+ (?:was|were) \w+ed)\b/i;
/** Words that make a chosen value part of the design, not its outcome. */
const DESIGNED = /\b(treatment|treated|assigned|assignment|randomi[sz]ed|allocated|allocation|dose|arm)\b/i;
/** "self-reports of vote choice", "data on party choice": the description names the choice studied; a column named by it holds it. */
const CHOICE_STUDIED = /\b(vote|party|mode|brand) choices?\b|\bchoices? of (?:a |the )?(vote|party|mode|brand)\b/i;

const stem = (word: string) => stemmer(word.toLowerCase());

/** The columns a card (documenting no target) describes as a choice or a decision, at most one per phrase. */
export function choiceColumns(card: DatasetCard): ChoiceColumn[] {
  const inputs = card.columns.filter((c) => c.role === 'input' && !DESIGNED.test(c.meaning));
  const found: ChoiceColumn[] = inputs.flatMap((column) => {
    const m = CHOSEN.exec(column.meaning);
    return m ? [{ column, phrase: m[0], by: 'meaning' as const }] : [];
  });
  if (found.length > 0) return found;
  const studied = CHOICE_STUDIED.exec(card.description);
  const word = studied?.[1] ?? studied?.[2];
  if (!studied || !word) return [];
  const named = inputs.filter((c) => stem(c.name.replace(/[^A-Za-z]/g, '')) === stem(word));
  return named.length === 1 ? [{ column: named[0]!, phrase: studied[0], by: 'description' }] : [];
}
