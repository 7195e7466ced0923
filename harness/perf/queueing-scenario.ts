import dgram from 'node:dgram';
import type { PerfRecord } from '../report/model.ts';
import { systemClock } from './clock.ts';
import { fifoLinkDelays, modelRatio, queueingDelay, trafficIntensity, transmissionDelay } from './formulas.ts';
import { poissonArrivals } from './poisson-schedule.ts';
import { round } from './http-scenarios.ts';
import { startUdpLink } from './udp-link.ts';

/**
 * Queueing delay against traffic intensity: packets of L bytes arrive at random (Poisson, a per
 * second) at a link of rate R, for several values of La/R approaching 1. Measured: the mean
 * time from send to arrival, minus the propagation delay: queueing plus transmission. Model:
 * the M/D/1 queue's mean wait ρ·(L/R)/(2(1−ρ)) plus L/R.
 *
 * A few hundred arrivals are a small sample of a queue near ρ = 1 (its mean converges slowly),
 * so the record also gives `fifoMs`, the mean an ideal FIFO link of rate R gives the very send
 * times of this run (formulas.ts fifoLinkDelays), and `linkRatio`, measured over that: how far
 * the emulated link strays, apart from how far this sample strays from the M/D/1 average.
 */
export interface QueueingSettings {
  rateMbps: number;
  packetBytes: number;
  /** Packets per intensity; the first tenth warm the queue up and are not counted. */
  packets: number;
  intensities: number[];
  seed: number;
}

export const defaultIntensities = [0.3, 0.5, 0.7, 0.8, 0.9];

export async function measureQueueing(settings: QueueingSettings): Promise<PerfRecord[]> {
  const records: PerfRecord[] = [];
  for (const [index, intensity] of settings.intensities.entries()) {
    records.push(await measureOneIntensity(settings, intensity, settings.seed + index));
  }
  return records;
}

async function measureOneIntensity(settings: QueueingSettings, intensity: number, seed: number): Promise<PerfRecord> {
  const rateBps = settings.rateMbps * 1e6;
  const serviceS = transmissionDelay(settings.packetBytes, rateBps);
  const perSecond = intensity / serviceS;
  const offsets = poissonArrivals(settings.packets, perSecond, seed);
  const sentAt = new Float64Array(settings.packets);
  const arrivedAt = new Float64Array(settings.packets).fill(Number.NaN);

  const sink = dgram.createSocket('udp4');
  sink.on('message', (data) => {
    if (data.length < 4) return;
    const sequence = data.readUInt32BE(0);
    if (sequence < arrivedAt.length) arrivedAt[sequence] = performance.now();
  });
  sink.on('error', () => {});
  await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
  // Generous queue: the scenario measures delay, so nothing may be dropped.
  const link = await startUdpLink(
    { host: '127.0.0.1', port: sink.address().port },
    { up: { delayMs: 0, rateBitsPerSecond: rateBps, queueCapBytes: settings.packets * settings.packetBytes }, down: { delayMs: 0 } },
  );
  const sender = dgram.createSocket('udp4');
  sender.on('error', () => {});
  // How far the sends strayed from the Poisson schedule (a loaded machine bunches them, which
  // makes queues the model does not expect), and how late the link delivered.
  let sendLateMs = 0;
  let linkLateMs: number;
  try {
    const started = performance.now();
    for (let i = 0; i < settings.packets; i++) {
      const due = started + (offsets[i] as number);
      if (performance.now() < due) await new Promise<void>((resolve) => systemClock.at(due, resolve));
      const packet = Buffer.alloc(settings.packetBytes);
      packet.writeUInt32BE(i, 0);
      sentAt[i] = performance.now();
      sendLateMs += (sentAt[i] as number) - due;
      sender.send(packet, link.endpoint.port, link.endpoint.host);
    }
    // Wait for the backlog to drain: at most the whole train's transmission time, plus a margin.
    const drainDeadline = performance.now() + settings.packets * serviceS * 1000 + 2_000;
    while (arrivedAt.some((t) => Number.isNaN(t)) && performance.now() < drainDeadline) await new Promise((resolve) => setTimeout(resolve, 20));
    linkLateMs = link.stats().up.meanLateMs;
  } finally {
    sender.close();
    await link.close();
    sink.close();
  }
  const ideal = fifoLinkDelays(sentAt, serviceS * 1000);
  const counted: number[] = [];
  let idealSum = 0;
  for (let i = Math.floor(settings.packets / 10); i < settings.packets; i++) {
    const arrived = arrivedAt[i] as number;
    if (Number.isNaN(arrived)) continue;
    counted.push(arrived - (sentAt[i] as number));
    idealSum += ideal[i] as number;
  }
  const measuredMs = counted.reduce((sum, d) => sum + d, 0) / Math.max(1, counted.length);
  const fifoMs = idealSum / Math.max(1, counted.length);
  const modelMs = (serviceS + queueingDelay(intensity, serviceS)) * 1000;
  return {
    scenario: 'queueing',
    params: {
      intensity: round(trafficIntensity(settings.packetBytes * 8, perSecond, rateBps)),
      rateMbps: settings.rateMbps,
      size: settings.packetBytes,
      packets: settings.packets,
      received: counted.length,
      sendLateMs: round(sendLateMs / settings.packets),
      lateMs: round(linkLateMs),
      fifoMs: round(fifoMs),
      linkRatio: round(modelRatio(measuredMs, fifoMs)),
    },
    unit: 'ms',
    measured: round(measuredMs),
    model: round(modelMs),
    ratio: round(modelRatio(measuredMs, modelMs)),
  };
}
