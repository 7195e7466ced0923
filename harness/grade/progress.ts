/**
 * Progress of a grading run on stderr: a redrawn bar with an ETA on a terminal, one line per
 * finished student otherwise (CI logs).
 */
export class GradingProgress {
  private done = 0;
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  finished(student: string, summary: string): void {
    this.done += 1;
    const elapsed = (Date.now() - this.started) / 1000;
    const eta = this.done > 0 ? (elapsed / this.done) * (this.total - this.done) : 0;
    const width = 24;
    const filled = Math.round((width * this.done) / this.total);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} · ${clock(elapsed)} elapsed · ETA ${clock(eta)}`;
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[K${student}: ${summary}\n${bar}`);
      if (this.done === this.total) this.out.write('\n');
    } else {
      this.out.write(`${bar} · ${student}: ${summary}\n`);
    }
  }
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
