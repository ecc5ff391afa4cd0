/**
 * String trimming without regular expressions: `/x+$/` looks like a cheap trim, but a regex
 * engine retries it at every position of a long run that is not at the end, which is quadratic
 * (30,000 spaces then "x" freeze the event loop). These loops are linear.
 */
export function trimEndOf(value: string, characters: string): string {
  let end = value.length;
  while (end > 0 && characters.includes(value[end - 1]!)) end--;
  return value.slice(0, end);
}

export function trimStartOf(value: string, characters: string): string {
  let start = 0;
  while (start < value.length && characters.includes(value[start]!)) start++;
  return value.slice(start);
}

export function trimOf(value: string, characters: string): string {
  return trimEndOf(trimStartOf(value, characters), characters);
}
