import { readFileSync } from 'node:fs';

/** Debian's English word list (package wamerican, installed by scripts/setup.sh). */
const WORD_LIST = '/usr/share/dict/american-english';

/** Abbreviations a data dictionary uses without spelling out, which the word list does not hold. */
const ABBREVIATIONS = new Set(['num', 'pct', 'avg', 'min', 'max', 'std', 'amt', 'intl', 'addr', 'qty', 'yr', 'yrs', 'dept', 'temp', 'bmi']);

let words: Set<string> | undefined;

function wordList(): Set<string> {
  if (!words) {
    let text: string;
    try {
      text = readFileSync(WORD_LIST, 'utf8');
    } catch (err) {
      throw new Error(`${WORD_LIST}: ${(err as Error).message} (install Debian's wamerican: scripts/setup.sh does)`);
    }
    words = new Set(text.split('\n').filter((w) => w && !w.includes("'")).map((w) => w.toLowerCase()));
  }
  return words;
}

/** The words of a column name: snake_case, dot.case, camelCase and digits split apart, lower-cased; digits dropped. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}

/**
 * What a column's name says, when it says it in plain words (`account_length` → "account length",
 * `InstallmentRatePercentage` → "installment rate percentage"), for a column the documentation
 * leaves undescribed; null for a code (`V12`, `x.3`, `PPE`, `lgdp2`, `symboling`). Plain means
 * every word is an English word (or a common abbreviation) and one has three letters or more,
 * allowing one unknown word among three or more when two others have four letters or more
 * (`number_vmail_messages`).
 */
export function meaningFromName(name: string): string | null {
  const tokens = nameWords(name);
  const dictionary = wordList();
  const known = tokens.filter((t) => ABBREVIATIONS.has(t) || (t.length >= 2 && dictionary.has(t)));
  const unknown = tokens.length - known.length;
  const substantial = known.filter((t) => t.length >= 3 && !ABBREVIATIONS.has(t));
  const plain = tokens.length > 0 && ((unknown === 0 && substantial.length >= 1) || (unknown === 1 && tokens.length >= 3 && substantial.filter((t) => t.length >= 4).length >= 2));
  return plain ? tokens.join(' ') : null;
}
