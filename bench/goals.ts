/** A goal of the issue, the figure measured against it, and whether it was met. */
export interface GoalResult {
  goal: string;
  measured: number | undefined;
  unit: string;
  met: boolean | undefined;
  note?: string;
}

export function atLeast(goal: string, measured: number | undefined, threshold: number, unit: string, note?: string): GoalResult {
  return { goal, measured, unit, met: measured === undefined ? undefined : measured >= threshold, ...(note ? { note } : {}) };
}

export function atMost(goal: string, measured: number | undefined, threshold: number, unit: string, note?: string): GoalResult {
  return { goal, measured, unit, met: measured === undefined ? undefined : measured <= threshold, ...(note ? { note } : {}) };
}

export function goalLine(result: GoalResult): string {
  const verdict = result.met === undefined ? 'not measured' : result.met ? 'met' : 'MISSED';
  const figure = result.measured === undefined ? '—' : `${Number(result.measured.toPrecision(4))} ${result.unit}`;
  return `${verdict.padEnd(12)} ${result.goal.padEnd(44)} ${figure}${result.note ? `  (${result.note})` : ''}`;
}
