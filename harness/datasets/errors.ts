/** A name that is neither a registered dataset nor a folder; carries the closest known names. */
export class UnknownDatasetError extends Error {
  constructor(
    readonly requested: string,
    readonly suggestions: string[],
    readonly known: string[],
  ) {
    const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
    super(`unknown dataset "${requested}".${hint} Known datasets: ${known.join(', ')}`);
    this.name = 'UnknownDatasetError';
  }
}

/** A converter failed: the source is missing, unreadable, or the conversion script crashed. */
export class DatasetConversionError extends Error {
  constructor(
    readonly dataset: string,
    detail: string,
  ) {
    super(`cannot convert dataset "${dataset}": ${detail}`);
    this.name = 'DatasetConversionError';
  }
}

/** Where in a user's input a problem is: the file, and when known the row (1-based line) and field. */
export interface UserDataLocation {
  file: string;
  line?: number;
  field?: string;
}

/** Malformed user input; the message names the file and, when known, the line and field. */
export class UserDataError extends Error {
  constructor(
    readonly location: UserDataLocation,
    readonly problem: string,
  ) {
    const where = [location.file, location.line === undefined ? '' : `line ${location.line}`, location.field === undefined ? '' : `field "${location.field}"`]
      .filter(Boolean)
      .join(', ');
    super(`${where}: ${problem}`);
    this.name = 'UserDataError';
  }
}

/** A canonical dataset folder whose files do not match its manifest. */
export class DatasetIntegrityError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: string[],
  ) {
    super(`${dir}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
    this.name = 'DatasetIntegrityError';
  }
}
