import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectSeedCorpus } from '../../../harness/fuzz/seed-corpus.ts';
import { defaultWireLimits } from '../../../harness/wire/limits.ts';
import { oneRule, useLengthServer } from '../runner/length-server.ts';

const target = useLengthServer();

describe('the seed corpus', () => {
  it('keeps what a check sent before its deadline, and lets nothing it opens later outlive the run', async () => {
    let late: unknown;
    let lateDone!: () => void;
    const lateOpened = new Promise<void>((resolve) => {
      lateDone = resolve;
    });
    const slow = oneRule({
      slug: 'slow',
      level: 'MUST',
      title: 'a check that outlives the corpus deadline, then opens a socket',
      input: fc.constant(null),
      check: async (io) => {
        const connection = await io.tcp();
        await connection.write('hello\n');
        await new Promise((resolve) => setTimeout(resolve, 300));
        late = await io.udp().catch((error: unknown) => error);
        lateDone();
      },
    });
    const corpus = await collectSeedCorpus([slow], target(), { fixturesDir: '.' }, { seed: 1, runsPerRule: 1, limits: defaultWireLimits, runTimeoutMs: 100 });
    expect(corpus.map((s) => s.chunks.map((c) => c.toString()))).toEqual([['hello\n']]);
    await lateOpened;
    // Left open, that socket would keep `rfcheck fuzz` from exiting.
    expect(late).toBeInstanceOf(Error);
  });
});
