import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';
import { fixturesDir } from '../../harness/core/catalogue.ts';
import { acquireMachineLock } from '../../harness/runner/machine-lock.ts';
import { RunIO } from '../../harness/runner/run-io.ts';
import { defaultWireLimits } from '../../harness/wire/limits.ts';
import { type FakeHierarchy, type Intercept, type LoggedQuery, type Scenario, encodeCompressed, hierarchyAddresses, hierarchyLock } from '../../specs/dns/fake-hierarchy.ts';
import { a, addressesIn, askResolver, freshZones, withHierarchy } from '../../specs/dns/resolver-scenario.ts';
import type { ServerFactory } from '../../harness/core/suite.ts';
import { inBatches, row, type SecurityRow, startReference } from './corpus.ts';

/**
 * DNS resolver: forged answers race real ones and none gets into the cache (RFC 5452 §9.1,
 * RFC 2181 §5.4.1). The harness plays the hierarchy (127.0.53.1-3, port 53, under its machine
 * lock); each race asks the resolver reference for a fresh name whose real answer the zone's
 * server holds back 150 ms, while forgeries are sent the moment the resolver's query arrives:
 * - wrong-id: 20 answers from the server's address and port with other IDs;
 * - wrong-port: the right ID and question from the server's address but another port;
 * - wrong-question: the right ID from the server, answering another name;
 * - wrong-source: the right ID and question from an address the resolver did not ask;
 * - out-of-bailiwick: the real answer itself carries a record for a name in a sibling zone.
 * Each name (and each bailiwick victim) is then asked again, so the cache shows what it kept.
 * A breach is the forged address in any answer.
 */

const forgedAddress = '6.6.6.6';
const realDelayMs = 150;
const kinds = ['wrong-id', 'wrong-port', 'wrong-question', 'wrong-source', 'out-of-bailiwick'] as const;
type Kind = (typeof kinds)[number];

function forgedAnswer(id: number, question: string, owner: string): Buffer {
  return encodeCompressed({
    id,
    type: 'response',
    flags: dnsPacket.AUTHORITATIVE_ANSWER,
    questions: [{ name: question, type: 'A', class: 'IN' }],
    answers: [{ name: owner, type: 'A', ttl: 86400, class: 'IN', data: forgedAddress }],
  });
}

const kindOf = (name: string): Kind | undefined => kinds.find((k) => name.toLowerCase().startsWith(`${k}-`));

export async function checkDnsSpoofing(racesPerKind: number, planted?: ServerFactory): Promise<SecurityRow> {
  const release = await acquireMachineLock(hierarchyLock, 15 * 60_000);
  const server = await startReference('dns', 'dns-resolver', fixturesDir, planted);
  // A socket on the zone server's address but not its port, for the wrong-port forgeries.
  const sidePort = dgram.createSocket('udp4');
  const breaches: string[] = [];
  let unanswered = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      sidePort.once('error', reject);
      sidePort.bind(0, hierarchyAddresses.auth, () => resolve());
    });
    const { tld, zone, other } = freshZones(randomInt(0, 0xffffff));
    const races = kinds.flatMap((kind) => Array.from({ length: racesPerKind }, (_, i) => ({ kind, name: `${kind}-${i}.${zone}`, victim: `victim-${i}.${other}` })));
    const real = (i: number): string => `10.53.${5 + (i >> 8)}.${(i & 0xff) || 1}`;
    const onQuery = (query: LoggedQuery, hierarchy: FakeHierarchy): void => {
      const kind = kindOf(query.name);
      if (query.role !== 'auth' || query.transport !== 'udp' || query.type !== 'A' || !kind) return;
      if (kind === 'wrong-id') {
        for (let n = 0; n < 20; n++) {
          const id = (query.id + 1 + n * 3181 + randomInt(0, 3000)) & 0xffff;
          if (id !== query.id) hierarchy.sendFrom('auth', query.from, forgedAnswer(id, query.name, query.name));
        }
      } else if (kind === 'wrong-port') sidePort.send(forgedAnswer(query.id, query.name, query.name), query.from.port, query.from.host);
      else if (kind === 'wrong-question') hierarchy.sendFrom('auth', query.from, forgedAnswer(query.id, `forged.${query.name}`, query.name));
      else if (kind === 'wrong-source') hierarchy.sendFrom('stranger', query.from, forgedAnswer(query.id, query.name, query.name));
    };
    // The out-of-bailiwick kind: the real answer from zone `zone` also vouches for a name in `other`.
    const intercept: Intercept = (_role, query, _transport, answer) => {
      const name = query.questions?.[0]?.name ?? '';
      if (kindOf(name) !== 'out-of-bailiwick') return answer;
      const victim = `victim-${name.split('.')[0]?.split('-').at(-1)}.${other}`;
      const poison = { name: victim, type: 'A' as const, ttl: 86400, class: 'IN' as const, data: forgedAddress };
      return { ...answer, answers: [...(answer.answers ?? []), poison], additionals: [...(answer.additionals ?? []), poison] };
    };
    const scenario: Scenario = {
      tld,
      zones: {
        [zone]: races.map((race, i) => a(race.name, real(i), 300)),
        [other]: [...new Set(races.map((race) => race.victim))].map((victim) => a(victim, '10.53.7.7', 300)),
      },
      negativeTtl: 30,
      delayMs: { auth: realDelayMs },
      onQuery,
      intercept,
    };
    const session = (): RunIO => new RunIO(server.endpoint, {}, { fixturesDir }, { ...defaultWireLimits, readTimeoutMs: 5000 }, new AbortController().signal);
    const hierarchyIo = session();
    try {
      await withHierarchy(hierarchyIo, scenario, async () => {
        await inBatches(races, 8, async (race) => {
          // A RunIO per race: its sockets are released when the race ends.
          const io = session();
          const ask = async (name: string): Promise<string[] | undefined> => {
            try {
              return addressesIn(await askResolver(io, { name, type: 'A' }));
            } catch {
              unanswered += 1;
              return undefined;
            }
          };
          try {
            const first = await ask(race.name);
            const cached = await ask(race.name);
            const victim = race.kind === 'out-of-bailiwick' ? await ask(race.victim) : [];
            for (const [what, addresses] of [[race.name, first], [`${race.name} (asked again)`, cached], [race.victim, victim]] as const) {
              if (addresses?.includes(forgedAddress)) breaches.push(`${race.kind}: ${what} answered ${addresses.join(', ')}`);
            }
          } finally {
            io.dispose();
          }
        });
      });
    } finally {
      hierarchyIo.dispose();
    }
  } finally {
    sidePort.close();
    await server.close();
    await release();
  }
  return row('dns-resolver: forged answers vs real ones', kinds.length * racesPerKind, breaches, unanswered);
}
