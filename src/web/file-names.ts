/**
 * A download's file name as a person would choose it: words in their language (the report, the
 * jurisdiction, the year), without the characters file systems refuse.
 */
export function fileName(title: string, extension: string): string {
  const words = title
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${words}.${extension}`;
}
