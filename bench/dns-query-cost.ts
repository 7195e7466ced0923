import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';
import { fixturesDir, loadSuites } from '../harness/core/catalogue.ts';
import { errorMessage } from '../harness/core/errors.ts';
import { spawnedReference } from '../harness/targets/spawned-reference.ts';
import { startTarget } from '../harness/targets/start-target.ts';
import { defaultWireLimits } from '../harness/wire/limits.ts';
import { encodeQuery } from '../specs/dns/exchange.ts';
import { readReply } from '../specs/dns/reply.ts';

/**
 * `npx tsx bench/dns-query-cost.ts [queries]`: what one DNS query costs the harness at the
 * least, to set beside the bench's harness CPU per verified query. Prints the CPU of encoding a
 * query (dns-packet) and of reading an answer with the strict walker, then the floor: a bare
 * loop of 8 sockets sending the same query to the spawned dns-auth reference and decoding each
 * answer, no fast-check, no rule, no transcript.
 */
const question = { name: 'gaia.cs.umass.edu', type: 'A' };

function microseconds(count: number, work: (i: number) => unknown): number {
  for (let i = 0; i < 2000; i += 1) work(i);
  const started = process.cpuUsage();
  for (let i = 0; i < count; i += 1) work(i);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / count;
}

/** Sends `total` queries from 8 sockets, one outstanding each; the whole loop has a deadline. */
async function bareLoop(port: number, total: number, deadlineMs: number): Promise<{ perSecond: number; cpuMicros: number; answered: number }> {
  const lanes = 8;
  const sockets: dgram.Socket[] = [];
  let answered = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the bare loop got ${answered} of ${total} answers within ${deadlineMs} ms`)), deadlineMs);
      for (let lane = 0; lane < lanes; lane += 1) {
        const socket = dgram.createSocket('udp4');
        sockets.push(socket);
        let id = lane;
        const ask = (): void => void socket.send(encodeQuery({ id: (id += lanes) & 0xffff, ...question }), port, '127.0.0.1');
        socket.on('message', (answer) => {
          try {
            readReply(answer);
          } catch (error) {
            reject(error);
            return;
          }
          answered += 1;
          if (answered >= total) {
            clearTimeout(timer);
            resolve();
          } else if (answered + lanes <= total) ask();
        });
        socket.on('error', reject);
        socket.bind(0, '127.0.0.1', ask);
      }
    });
  } finally {
    for (const socket of sockets) socket.close();
  }
  const used = process.cpuUsage(cpu);
  return { perSecond: answered / ((performance.now() - started) / 1000), cpuMicros: (used.user + used.system) / answered, answered };
}

async function main(argv: string[]): Promise<number> {
  const total = Number(argv[0] ?? 100_000);
  if (!Number.isInteger(total) || total < 1000) {
    process.stderr.write('dns-query-cost: queries must be a whole number ≥ 1000\n');
    return 2;
  }
  const answer = dnsPacket.encode({
    id: 1,
    type: 'response',
    flags: 0x8400,
    questions: [{ name: question.name, type: 'A' }],
    answers: [{ name: question.name, type: 'A', ttl: 3600, data: '128.119.245.12' }],
    authorities: [{ name: 'cs.umass.edu', type: 'NS', ttl: 3600, data: 'ns1.cs.umass.edu' }],
  });
  process.stdout.write(`encode a query (dns-packet)      ${microseconds(200_000, (i) => encodeQuery({ id: i & 0xffff, ...question })).toFixed(2)} µs CPU\n`);
  process.stdout.write(`read an answer (strict walker)   ${microseconds(200_000, () => readReply(answer)).toFixed(2)} µs CPU\n`);
  const suite = (await loadSuites()).find((s) => s.name === 'dns-auth');
  if (!suite) throw new Error('no dns-auth suite');
  const target = await startTarget(suite, spawnedReference('dns-auth'), { fixturesDir, startTimeoutMs: 20_000, limits: defaultWireLimits });
  try {
    const floor = await bareLoop(target.endpoint.port, total, 120_000);
    process.stdout.write(`bare loop, ${floor.answered} queries   ${floor.cpuMicros.toFixed(1)} µs harness CPU per query, ${floor.perSecond.toFixed(0)} queries/s\n`);
  } finally {
    await target.close();
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`dns-query-cost: ${errorMessage(error)}\n`);
  process.exitCode = 2;
}
