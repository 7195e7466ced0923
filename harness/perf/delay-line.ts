import { type Clock, type TimerHandle, systemClock } from './clock.ts';
import type { DirectionConfig } from './link-config.ts';
import { defaultQueueCapBytes } from './link-config.ts';
import { TokenBucket } from './token-bucket.ts';

/**
 * One direction of the emulated link, for any kind of chunk (TCP bytes or UDP datagrams).
 * A chunk that enters at time t is first serialized at the link rate (it leaves when its last
 * byte has been sent, after everything queued before it), then propagates for the one-way
 * delay: it is delivered at departure + delay. Deliveries are FIFO, so one timer for the head
 * of the queue is enough; chunks due together are delivered in one call.
 */
export class DelayLine<T> {
  private readonly queue: { item: T; bytes: number; deliverAt: number }[] = [];
  private readonly bucket: TokenBucket | undefined;
  private timer: TimerHandle | undefined;
  private queued = 0;
  private closed = false;
  readonly capBytes: number;
  /** Bytes handed to the far end so far. */
  deliveredBytes = 0;
  /** How late chunks were handed over, against their due time: the emulator's own error. */
  readonly lateness = { chunks: 0, totalMs: 0, maxMs: 0 };

  constructor(
    private readonly config: DirectionConfig,
    private readonly deliver: (items: T[]) => void,
    private readonly clock: Clock = systemClock,
  ) {
    this.bucket = config.rateBitsPerSecond === undefined ? undefined : new TokenBucket(config.rateBitsPerSecond, config.burstBytes ?? 0);
    this.capBytes = config.queueCapBytes ?? defaultQueueCapBytes;
  }

  /** Bytes accepted but not yet delivered. */
  get queuedBytes(): number {
    return this.queued;
  }

  get isFull(): boolean {
    return this.queued >= this.capBytes;
  }

  /** Accepts a chunk now; returns when it will be delivered. */
  push(item: T, bytes: number): number {
    const now = this.clock.now();
    const departure = this.bucket ? this.bucket.departure(bytes, now) : now;
    const tail = this.queue[this.queue.length - 1];
    // FIFO: nothing overtakes what entered before it (the delay is constant, so this only
    // guards against a clock that steps back).
    const deliverAt = Math.max(departure + this.config.delayMs, tail?.deliverAt ?? 0);
    this.queue.push({ item, bytes, deliverAt });
    this.queued += bytes;
    if (this.queue.length === 1) this.arm();
    return deliverAt;
  }

  /** Drops everything still queued and stops the timer. */
  close(): void {
    this.closed = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.queue.length = 0;
    this.queued = 0;
  }

  private arm(): void {
    const head = this.queue[0];
    if (!head || this.closed) return;
    this.timer = this.clock.at(head.deliverAt, () => this.flush());
  }

  private flush(): void {
    this.timer = undefined;
    const now = this.clock.now();
    const due: T[] = [];
    while (this.queue.length > 0 && (this.queue[0]?.deliverAt ?? Infinity) <= now) {
      const head = this.queue.shift() as { item: T; bytes: number; deliverAt: number };
      const late = now - head.deliverAt;
      this.lateness.chunks += 1;
      this.lateness.totalMs += late;
      this.lateness.maxMs = Math.max(this.lateness.maxMs, late);
      this.queued -= head.bytes;
      this.deliveredBytes += head.bytes;
      due.push(head.item);
    }
    this.arm();
    if (due.length > 0) this.deliver(due);
  }
}
