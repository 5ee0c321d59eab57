/** `text` as a literal inside a regular expression (column names hold dots and other specials). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
