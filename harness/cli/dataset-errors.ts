import { DatasetConversionError, DatasetIntegrityError, UnknownDatasetError, UserDataError } from '../datasets/errors.js';
import { FileFormatError } from '../util/json-file.js';
import { CliError, EXIT } from './output.js';

/** Dataset errors as CLI errors: an unknown name is bad usage (exit 2), anything else a failure (exit 1). */
export function asCliError(err: unknown): unknown {
  if (err instanceof UnknownDatasetError) return new CliError(err.message, EXIT.usage);
  const known = [UserDataError, DatasetConversionError, DatasetIntegrityError, FileFormatError];
  if (known.some((type) => err instanceof type)) return new CliError((err as Error).message, EXIT.failed);
  return err;
}
