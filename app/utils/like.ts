/** LIKE's wildcards typed by a user are plain characters (Prisma's `contains` passes them through). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
