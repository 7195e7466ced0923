import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { fixturesDir, projectRoot } from '../../../harness/core/catalogue.ts';
import { sendMail } from '../../../reference/smtp/smtp-client.ts';
import { compileEntry } from './compiled-entry.ts';

/**
 * The crash test of the SMTP reference's delivery: lanes of child servers, each delivering on
 * its own Maildir store, killed with SIGKILL at seeded random moments while clients deliver,
 * then restarted on the same store. After every kill the store must hold every message that got
 * 250, byte for byte, and nothing else but whole messages that were sent.
 */

export interface DurabilitySettings {
  /** The server's entry script (TypeScript; compiled once to plain JavaScript). */
  entry: string;
  trials: number;
  lanes: number;
  seed: number;
  /** Clients delivering at once in each lane. */
  clients: number;
  /** The kill comes this long (at most) after the trial's first acknowledged delivery. */
  maxKillDelayMs: number;
}

export interface DurabilityReport {
  trials: number;
  acknowledged: number;
  /** Messages found in the store that had not been acknowledged (written, then killed before the 250). */
  storedUnacknowledged: number;
  /** Acknowledged messages missing from the store after a kill. */
  lost: number;
  /** Messages in the store that differ from what was sent. */
  damaged: number;
  /** Files in new/ or cur/ that are no message that was sent (a half-written message made visible). */
  halfVisible: number;
  problems: string[];
}

/** The reference's own entry script. */
export const referenceEntry = path.join(projectRoot, 'reference', 'smtp', 'main.ts');

async function startChild(script: string, store: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [script, '--port', '0', '--store', store, '--fixtures', fixturesDir], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the SMTP child did not start within 20 s')), 20_000);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the SMTP child exited (${code}) before listening`));
    });
  });
  return { child, port };
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }
  });
}

/** A message that names itself in its Message-ID, with a body whose size varies. */
function messageFor(id: string, size: number): Buffer {
  const line = `${id} `.repeat(8).slice(0, 70);
  const body = Array.from({ length: Math.max(1, Math.floor(size / 72)) }, () => line).join('\r\n');
  return Buffer.from(`From: <durability@rfcheck.test>\r\nTo: <alice@example.test>\r\nDate: Sat, 21 Nov 2026 12:00:00 +0000\r\nMessage-ID: <${id}@rfcheck.test>\r\nSubject: ${id}\r\n\r\n.starts with a dot\r\n${body}\r\n`);
}

/** What the audits of one lane found, each message or file once however many audits saw it. */
interface Breaches {
  lost: Set<string>;
  damaged: Set<string>;
  halfVisible: Set<string>;
}

/** Every file of new/ and cur/ must be a whole message we sent; every acknowledged one must be there. */
async function auditStore(store: string, sent: Map<string, Buffer>, acknowledged: Set<string>, breaches: Breaches): Promise<number> {
  const maildir = path.join(store, 'alice', 'Maildir');
  const found = new Set<string>();
  for (const sub of ['new', 'cur']) {
    for (const name of await readdir(path.join(maildir, sub))) {
      const bytes = await readFile(path.join(maildir, sub, name));
      const id = /Message-ID: <([^@>]+)@rfcheck\.test>/.exec(bytes.toString('latin1'))?.[1];
      const content = id === undefined ? undefined : sent.get(id);
      if (!id || !content) {
        breaches.halfVisible.add(`${sub}/${name}: not a message that was sent (${bytes.length} octets, partial?)`);
        continue;
      }
      if (!bytes.subarray(bytes.length - content.length).equals(content) || !bytes.toString('latin1').startsWith('Return-Path: <')) {
        breaches.damaged.add(`${sub}/${name}: message ${id} is not whole (${bytes.length} octets stored)`);
      }
      found.add(id);
    }
  }
  for (const id of acknowledged) if (!found.has(id)) breaches.lost.add(`message ${id} got 250 but is not in the store`);
  return [...found].filter((id) => !acknowledged.has(id)).length;
}

async function lane(script: string, index: number, store: string, trials: number, settings: DurabilitySettings, delays: number[], report: DurabilityReport): Promise<void> {
  const sent = new Map<string, Buffer>();
  const acknowledged = new Set<string>();
  const breaches: Breaches = { lost: new Set(), damaged: new Set(), halfVisible: new Set() };
  let sequence = 0;
  for (let trial = 0; trial < trials; trial++) {
    const { child, port } = await startChild(script, store);
    let stop = false;
    let firstAck: () => void = () => {};
    const acknowledgedOnce = new Promise<void>((resolve) => (firstAck = resolve));
    const client = async (): Promise<void> => {
      while (!stop) {
        const id = `l${index}-t${trial}-m${sequence++}`;
        const content = messageFor(id, 200 + ((sequence * 997) % 6000));
        sent.set(id, content);
        try {
          const reply = await sendMail({ host: '127.0.0.1', port, from: 'durability@rfcheck.test', to: ['alice@example.test'], content, timeoutMs: 3000 });
          if (reply.code === 250) {
            acknowledged.add(id);
            firstAck();
          }
        } catch {
          // The kill cut this delivery short; it was never acknowledged.
        }
      }
    };
    const clients = Array.from({ length: settings.clients }, client);
    // Kill while deliveries are under way: after the first 250 of this trial (or 5 s at most), at a seeded moment.
    await Promise.race([acknowledgedOnce, new Promise((resolve) => setTimeout(resolve, 5000))]);
    await new Promise((resolve) => setTimeout(resolve, delays[trial] ?? 0));
    await killed(child);
    stop = true;
    await Promise.all(clients);
    report.trials += 1;
    report.storedUnacknowledged = await auditStore(store, sent, acknowledged, breaches);
  }
  report.acknowledged += acknowledged.size;
  report.lost = breaches.lost.size;
  report.damaged = breaches.damaged.size;
  report.halfVisible = breaches.halfVisible.size;
  report.problems.push(...breaches.lost, ...breaches.damaged, ...breaches.halfVisible);
}

function emptyReport(): DurabilityReport {
  return { trials: 0, acknowledged: 0, storedUnacknowledged: 0, lost: 0, damaged: 0, halfVisible: 0, problems: [] };
}

/** `workDir` holds the compiled server and one store per lane. */
export async function runDurabilityTrials(workDir: string, settings: DurabilitySettings): Promise<DurabilityReport> {
  const script = await compileEntry(settings.entry, path.join(workDir, 'compiled'));
  const delays = fc.sample(fc.integer({ min: 0, max: settings.maxKillDelayMs }), { seed: settings.seed, numRuns: settings.trials });
  const report = emptyReport();
  const perLane = Math.ceil(settings.trials / settings.lanes);
  const lanes = Array.from({ length: settings.lanes }, (_, i) => {
    const count = Math.max(0, Math.min(perLane, settings.trials - i * perLane));
    const laneReport = emptyReport();
    return lane(script, i, path.join(workDir, `lane-${i}`), count, settings, delays.slice(i * perLane, i * perLane + count), laneReport).then(() => laneReport);
  });
  for (const laneReport of await Promise.all(lanes)) {
    report.trials += laneReport.trials;
    report.acknowledged += laneReport.acknowledged;
    report.storedUnacknowledged += laneReport.storedUnacknowledged;
    report.lost += laneReport.lost;
    report.damaged += laneReport.damaged;
    report.halfVisible += laneReport.halfVisible;
    report.problems.push(...laneReport.problems);
  }
  return report;
}
