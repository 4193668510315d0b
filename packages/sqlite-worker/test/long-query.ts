/** A read that keeps SQLite busy for a while (hundreds of ms on a loaded 2-core box) without any table. */
export function slowRead(iterations = 3_000_000): string {
  return `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${iterations}) SELECT sum(i) AS total FROM n`;
}
