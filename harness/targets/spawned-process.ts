import { type ChildProcess, spawn } from 'node:child_process';
import { OutputTail } from './output-tail.ts';

/** How long a spawned program has between SIGTERM and SIGKILL. */
export const stopGraceMs = 3000;

/**
 * A target program started through /bin/sh in a process group of its own, so that it and every
 * child it forks can be stopped together. Its output is kept as a bounded tail for the report.
 */
export class SpawnedProcess {
  readonly output: OutputTail;
  private exitStatus: string | undefined;
  readonly exited: Promise<string>;

  private constructor(
    private readonly child: ChildProcess,
    outputCap: number,
  ) {
    this.output = new OutputTail(outputCap);
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitStatus = signal ? `killed by ${signal}` : `exited with status ${code}`;
        resolve(this.exitStatus);
      });
      child.once('error', (error) => {
        this.exitStatus = `could not start: ${error.message}`;
        resolve(this.exitStatus);
      });
    });
  }

  /**
   * `wrapper` is an argv prefix the shell runs under (e.g. prlimit … setpriv … --), used by the
   * grading sandbox; `outputCap` bounds the kept output.
   */
  static start(command: string, options: { cwd?: string; env?: NodeJS.ProcessEnv; wrapper?: string[]; outputCap?: number } = {}): SpawnedProcess {
    const argv = [...(options.wrapper ?? []), '/bin/sh', '-c', command];
    const child = spawn(argv[0] as string, argv.slice(1), {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: options.cwd,
      env: options.env ?? process.env,
    });
    return new SpawnedProcess(child, options.outputCap ?? 8192);
  }

  /** undefined while running; otherwise how it ended. */
  get status(): string | undefined {
    return this.exitStatus;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * SIGTERM to the whole group, then SIGKILL once the program has exited or after `graceMs`,
   * whichever is first; always reaps the group. The grace lets a server that shuts down cleanly
   * (a mail store flushing what it acknowledged) finish; only one that ignores SIGTERM waits it.
   */
  async stop(graceMs = stopGraceMs): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined) return;
    signalGroup(pid, 'SIGTERM');
    if (this.exitStatus === undefined) {
      await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, graceMs))]);
    }
    // Children may outlive the shell; the group is killed regardless.
    signalGroup(pid, 'SIGKILL');
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}
