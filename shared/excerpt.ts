/**
 * A text as a short excerpt on one line: whitespace runs become one space, and a text longer
 * than `max` characters is cut at its last word boundary (in the second half) with "…".
 * Feeds, structured data and page descriptions of threads and replies use it.
 */
export function excerptOf(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}
