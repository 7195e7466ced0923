import { readFile } from 'node:fs/promises';

/**
 * Whether some process on this host listens on `port`, read from the kernel's socket tables
 * (/proc/net/*). Reading the tables, not connecting, keeps readiness probes invisible to the
 * server under test: a probe connection would count as a client.
 */
export async function isListening(port: number, transport: 'tcp' | 'udp'): Promise<boolean> {
  const tables = transport === 'tcp' ? ['/proc/net/tcp', '/proc/net/tcp6'] : ['/proc/net/udp', '/proc/net/udp6'];
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of tables) {
    let text: string;
    try {
      text = await readFile(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      const state = fields[3];
      if (!local || !local.endsWith(`:${hexPort}`)) continue;
      // TCP state 0A is LISTEN; a bound UDP socket shows state 07 (CLOSE), which is "bound".
      if (transport === 'tcp' ? state === '0A' : true) return true;
    }
  }
  return false;
}

export async function procNetAvailable(): Promise<boolean> {
  try {
    await readFile('/proc/net/tcp', 'utf8');
    return true;
  } catch {
    return false;
  }
}
