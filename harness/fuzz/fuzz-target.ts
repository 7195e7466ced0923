import type { Suite } from '../core/suite.ts';
import { type ActiveTarget, type TargetStartOptions, startTarget } from '../targets/start-target.ts';
import type { TargetSpec } from '../targets/target-spec.ts';

/**
 * The target under fuzzing, restartable: a finding is confirmed and minimised on a fresh
 * target, so a crash or a wedge left by one attempt does not decide the next. A target given by
 * address cannot be restarted; it is used as it is.
 */
export class FuzzTarget {
  private active: ActiveTarget | undefined;

  constructor(
    private readonly suite: Suite,
    readonly spec: TargetSpec,
    private readonly options: TargetStartOptions,
  ) {}

  get restartable(): boolean {
    return this.spec.kind !== 'address';
  }

  async start(): Promise<ActiveTarget> {
    this.active ??= await startTarget(this.suite, this.spec, this.options);
    return this.active;
  }

  get current(): ActiveTarget {
    if (!this.active) throw new Error('the fuzz target is not started');
    return this.active;
  }

  /** A fresh target (the old one stopped), or the same one when it cannot be restarted. */
  async restart(): Promise<ActiveTarget> {
    if (this.active && this.restartable) await this.stop();
    return this.start();
  }

  /** How a spawned target ended; undefined while it runs (or when it is not a process). */
  exitStatus(): string | undefined {
    return this.active?.exitStatus();
  }

  processId(): number | undefined {
    return this.active?.processId?.();
  }

  log(): string | undefined {
    return this.active?.log();
  }

  async stop(): Promise<void> {
    const active = this.active;
    this.active = undefined;
    await active?.close();
  }
}
