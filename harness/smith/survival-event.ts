import type { DatasetCard } from '../datasets/card.js';
import { escapeRegExp } from '../util/regex.js';

/**
 * What a survival outcome's event is and what unit its time is counted in, in the card's words,
 * so an "event within a horizon" task can say "death within 310 days" instead of "status by 310".
 * Either is null when the documentation does not say: a description then states that it does not.
 */
export interface SurvivalEvent {
  /** The event as a noun phrase: "death", "relapse", "loss of vision". */
  event: string | null;
  /** The time's unit, plural: "days", "months". */
  unit: string | null;
}

const TIME_UNITS = ['day', 'week', 'month', 'year', 'hour', 'minute'] as const;
const UNITS = `(${TIME_UNITS.join('|')})s?`;
/** A unit the meaning is stated in: leading ("days to relapse"), "in days", "(days)"; not any time word anywhere ("death in the first year"). */
const UNIT_STATED = [new RegExp(`^${UNITS}\\b`, 'i'), new RegExp(`\\bin ${UNITS}\\b`, 'i'), new RegExp(`\\(${UNITS}\\)`, 'i')];
/** The dataset's own statement of every time's unit: "all time intervals are in days since the index date" (nafld1). */
const ALL_TIMES_IN = new RegExp(`\\ball (?:time intervals|times|follow-?up times|durations) (?:are|were) (?:given |measured |recorded )?in ${UNITS}\\b`, 'i');
/** "days to death", "time until death or last contact", "Time to reinfection": the event follows "to". */
const TIME_TO = /\b(?:time|days|weeks|months|years|survival)\s+(?:from\s+[a-z ]+?\s+)?(?:to|until|till)\s+(?:the\s+)?(?:first\s+)?([a-z][a-z -]*?)(?=\s+or\b|\s*[,.;(]|\s+in\b|$)/i;
/** "1=dead", "1 = loss of vision in this eye", "2=dead": the phrase the event's code stands for. */
const codeFor = (code: string) => new RegExp(`(?:^|[\\s(,;:])${escapeRegExp(code)}\\s*[=:-]\\s*([a-z][a-z -]*?)(?=\\s*[,.;)]|\\s+in\\b|$)`, 'i');
/** "recurrence free survival time": the event is what the survival is free of. */
const FREE_SURVIVAL = /\b([a-z]+)[- ]free survival\b/i;
/** "Death indicator", "indicator for relapse", "occurrence of death", "Reinfection (1=yes, 0=no)". */
const NAMED = [/^([a-z][a-z ]*?)\s+indicator\b/i, /\bindicator (?:for|of) ([a-z][a-z ]*?)(?=\s*[,.;(]|$)/i, /\boccurrence of ([a-z][a-z ]*?)(?=\s*[,.;:(]|$)/i, /^([a-z][a-z ]*?)\s*\(\s*1\s*=\s*yes/i];
/** Words that name the bookkeeping of follow-up, never the event itself. */
const NOT_AN_EVENT = /^(?:yes|no|event|censor\w*|status|alive|the event|last follow-?up|follow-?up|end of study|failure)$/i;
/** Adjectives a code may use for the state an event leaves ("dead"), as the event's noun. */
const STATE_TO_EVENT: Record<string, string> = { dead: 'death', died: 'death', deceased: 'death', relapsed: 'relapse', recurred: 'recurrence' };

function asEvent(phrase: string | undefined): string | null {
  // "1= follow-up is until death": the event is what follow-up runs until.
  const words = phrase?.trim().toLowerCase().replace(/\s+/g, ' ').replace(/^.*\b(?:until|till)\s+/, '');
  if (!words || NOT_AN_EVENT.test(words) || words.split(' ').length > 4) return null;
  return STATE_TO_EVENT[words] ?? words;
}

/** The event a status column and its time column document, or null. */
export function survivalEvent(card: DatasetCard, time: string, status: string, eventCode: string): SurvivalEvent {
  const column = (name: string) => card.columns.find((c) => c.name === name);
  const t = column(time);
  const s = column(status);
  const timeMeaning = t?.meaning ?? '';
  const statusText = [s?.coding, s?.meaning].filter(Boolean).join('; ');
  const event =
    asEvent(codeFor(eventCode).exec(statusText)?.[1]) ??
    NAMED.map((p) => asEvent(p.exec(s?.meaning ?? '')?.[1])).find((e) => e !== null) ??
    asEvent(TIME_TO.exec(timeMeaning)?.[1]) ??
    asEvent(FREE_SURVIVAL.exec(timeMeaning)?.[1]) ??
    null;
  const stated = t?.unit ? [t.unit] : [timeMeaning];
  const unit = (stated.flatMap((text) => UNIT_STATED.map((p) => p.exec(text)?.[1])).find((u) => u !== undefined) ?? ALL_TIMES_IN.exec(card.description ?? '')?.[1])?.toLowerCase();
  return { event, unit: unit ? `${unit}s` : null };
}

/** "310 days", or "310 (in the units of `time`, which the documentation does not state)". */
export function horizonText(horizon: number, time: string, unit: string | null): string {
  if (!unit) return `${horizon} (in the units of \`${time}\`, which the documentation does not state)`;
  return `${horizon} ${horizon === 1 ? unit.replace(/s$/, '') : unit}`;
}
