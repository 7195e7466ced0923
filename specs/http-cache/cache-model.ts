import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { longLived, viaCache } from './cache-exchange.ts';
import type { OriginSession } from './controllable-origin.ts';

/**
 * A model of what a cache may hold: for each of a few paths, whether a reusable response is
 * stored. Paths alternate between cacheable (max-age=3600) and no-store answers (with the
 * same max-age, so only no-store forbids storing). A GET of a path the model holds nothing for
 * must reach the origin; a successful POST empties the path. GETs are drawn twice as often as
 * POSTs, so that a path is read again after it was stored or invalidated.
 * The model never demands reuse (that is optimal, judged by other rules), only that nothing is
 * reused that may not be.
 */

export interface CacheModel {
  /** Paths for which a reusable response may be stored. */
  storable: Set<number>;
}

export class CacheUnderTest {
  constructor(
    readonly io: RunIO,
    readonly origin: OriginSession,
    readonly paths: string[],
  ) {}

  /** Cacheable when the index is even; no-store when odd. */
  static answerFor(index: number): [string, string][] {
    return [['Cache-Control', index % 2 === 0 ? longLived : `no-store, ${longLived}`]];
  }

  hits(index: number): number {
    return this.origin.requests(this.paths[index] as string).length;
  }
}

class GetCommand implements fc.AsyncCommand<CacheModel, CacheUnderTest> {
  constructor(readonly index: number) {}
  check = (): boolean => true;
  async run(model: CacheModel, real: CacheUnderTest): Promise<void> {
    const before = real.hits(this.index);
    await viaCache(real.io, real.paths[this.index] as string);
    const reached = real.hits(this.index) - before;
    if (!model.storable.has(this.index)) expectEqual(`GET of path ${this.index} with nothing reusable stored: requests that reached the origin`, reached, 1);
    if (this.index % 2 === 0) model.storable.add(this.index);
  }
  toString = (): string => `GET path ${this.index}`;
}

class PostCommand implements fc.AsyncCommand<CacheModel, CacheUnderTest> {
  constructor(readonly index: number) {}
  check = (): boolean => true;
  async run(model: CacheModel, real: CacheUnderTest): Promise<void> {
    const before = real.hits(this.index);
    await viaCache(real.io, real.paths[this.index] as string, [], 'POST');
    expectEqual(`POST to path ${this.index}: requests that reached the origin`, real.hits(this.index) - before, 1);
    model.storable.delete(this.index);
  }
  toString = (): string => `POST path ${this.index}`;
}

export const pathCount = 2;

/** At least eight commands, so that even the first runs revisit paths (fc.commands starts tiny). */
export const cacheCommands = (): fc.Arbitrary<fc.AsyncCommand<CacheModel, CacheUnderTest>[]> => {
  const index = fc.integer({ min: 0, max: pathCount - 1 });
  const get = index.map((i): fc.AsyncCommand<CacheModel, CacheUnderTest> => new GetCommand(i));
  const post = index.map((i): fc.AsyncCommand<CacheModel, CacheUnderTest> => new PostCommand(i));
  return fc.array(fc.oneof(get, get, post), { minLength: 8, maxLength: 14 });
};
