/**
 * The player's playout buffer: playback starts once `startupSegments` segments have arrived
 * and consumes media at real time; when the next segment has not arrived by the time the
 * playhead reaches the end of what is buffered, playback stalls until it does. Times are the
 * caller's clock in milliseconds, so tests drive it without waiting.
 */
export class PlayoutBuffer {
  /** Media time downloaded, ms. */
  private mediaMs = 0;
  private segments = 0;
  /** Wall time playback started, or undefined before startup. */
  private startedAt: number | undefined;
  private stalledMs = 0;
  private stallCount = 0;

  constructor(
    readonly segmentMs: number,
    readonly startupSegments = 1,
  ) {
    if (!(segmentMs > 0)) throw new RangeError('a segment lasts more than 0 ms');
    if (!(startupSegments >= 1)) throw new RangeError('startup needs at least one segment');
  }

  /** Media played by `now` (the playhead), ms. */
  playedMs(now: number): number {
    if (this.startedAt === undefined) return 0;
    return Math.min(this.mediaMs, Math.max(0, now - this.startedAt - this.stalledMs));
  }

  /** Media buffered ahead of the playhead at `now`, ms. */
  levelMs(now: number): number {
    return this.mediaMs - this.playedMs(now);
  }

  /** Records a segment that finished arriving at `now`; returns the stall it ended, ms (0 if none). */
  arrive(now: number): number {
    let stall = 0;
    if (this.startedAt !== undefined) {
      const wouldHavePlayed = now - this.startedAt - this.stalledMs;
      if (wouldHavePlayed > this.mediaMs) {
        stall = wouldHavePlayed - this.mediaMs;
        this.stalledMs += stall;
        this.stallCount += 1;
      }
    }
    this.mediaMs += this.segmentMs;
    this.segments += 1;
    if (this.startedAt === undefined && this.segments >= this.startupSegments) this.startedAt = now;
    return stall;
  }

  get started(): boolean {
    return this.startedAt !== undefined;
  }

  get stalls(): number {
    return this.stallCount;
  }

  get stallMs(): number {
    return this.stalledMs;
  }

  /** When playback started (for startup delay), or undefined. */
  get startTime(): number | undefined {
    return this.startedAt;
  }
}
