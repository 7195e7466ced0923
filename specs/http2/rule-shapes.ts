import type fc from 'fast-check';
import { type Level, type RuleSpec, rule } from '../../harness/core/rule.ts';
import { type SettingEntry } from './frame.ts';
import { H2Client } from './h2-client.ts';
import type { HeaderField } from './hpack/static-table.ts';

/**
 * The shapes most rules of this suite share: after a fresh connection, the harness sends
 * something and expects a connection error, a stream error, a malformed-request verdict, or the
 * connection to go on working.
 */

interface ShapeSpec<T> {
  slug: string;
  title: string;
  sends: string;
  input: fc.Arbitrary<T>;
  level?: Level;
  maxRuns?: number;
  /** SETTINGS of the client preface. */
  settings?: readonly SettingEntry[];
}

/** A rule whose check starts from a fresh connection with the client preface done. */
function onFreshConnection<T>(spec: ShapeSpec<T>, body: (client: H2Client, input: T) => Promise<void>): RuleSpec<T> {
  const { slug, title, sends, input, maxRuns, settings } = spec;
  return rule({
    slug,
    title,
    sends,
    input,
    level: spec.level ?? 'MUST',
    ...(maxRuns === undefined ? {} : { maxRuns }),
    check: async (io, value) => body(await H2Client.start(io, { settings: settings ?? [] }), value),
  });
}

export function connectionErrorRule<T>(
  spec: ShapeSpec<T> & { codes: readonly number[]; probe?: boolean; provoke: (client: H2Client, input: T) => Promise<void> },
): RuleSpec<T> {
  return onFreshConnection(spec, async (client, input) => {
    await spec.provoke(client, input);
    await client.expectConnectionError(spec.codes, spec.title, spec.probe ?? true);
  });
}

/** `provoke` returns the stream that must be reset. */
export function streamErrorRule<T>(spec: ShapeSpec<T> & { codes: readonly number[]; provoke: (client: H2Client, input: T) => Promise<number> }): RuleSpec<T> {
  return onFreshConnection(spec, async (client, input) => {
    const streamId = await spec.provoke(client, input);
    await client.expectStreamError(streamId, spec.codes, spec.title);
  });
}

/** A request whose fields make it malformed (§8.1.1): RST_STREAM(PROTOCOL_ERROR) or a 400. */
export function malformedRequestRule<T>(spec: ShapeSpec<T> & { fields: (client: H2Client, input: T) => HeaderField[] }): RuleSpec<T> {
  return onFreshConnection(spec, async (client, input) => {
    const streamId = client.newStreamId();
    await client.request(streamId, spec.fields(client, input));
    await client.expectMalformed(streamId, spec.title);
  });
}

/** After `provoke`, the connection must still answer a PING (nothing was an error). */
export function stillWorkingRule<T>(spec: ShapeSpec<T> & { provoke: (client: H2Client, input: T) => Promise<void> }): RuleSpec<T> {
  return onFreshConnection(spec, async (client, input) => {
    await spec.provoke(client, input);
    await client.expectAlive(`the connection should survive: ${spec.sends}`);
  });
}
