import { readFileSync } from 'node:fs';

/** `getconf CLK_TCK`: 100 on every mainstream Linux. */
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time of one thread (`/proc/<pid>/task/<tid>/stat`, Linux) in µs, else `null`. */
export function threadCpuUs(pid: number, tid: number = pid): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of those.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
