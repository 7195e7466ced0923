import path from 'node:path';
import { startAuthoritativeServer } from './authoritative-server.ts';

/**
 * The course's example hierarchy, for a host resolving gaia.cs.umass.edu: a root server
 * (127.0.0.11), the edu TLD server (127.0.0.12) and dns.umass.edu (127.0.0.13), each a reference
 * authoritative server loading one master file, all on port 53 so that a resolver following
 * referrals reaches them. fixtures/dns/hierarchy/course.hints points a resolver at the root.
 */

export const courseServers = [
  { address: '127.0.0.11', zone: ['hierarchy', 'root.zone'] },
  { address: '127.0.0.12', zone: ['hierarchy', 'edu.zone'] },
  { address: '127.0.0.13', zone: ['zones', 'umass.edu.zone'] },
] as const;

export interface CourseHierarchy {
  hintsFile: string;
  close(): Promise<void>;
}

export async function startCourseHierarchy(fixturesDir: string, port = 53): Promise<CourseHierarchy> {
  const started: { close(): Promise<void> }[] = [];
  try {
    for (const server of courseServers) {
      started.push(await startAuthoritativeServer({ host: server.address, port, fixturesDir }, {}, [path.join(fixturesDir, 'dns', ...server.zone)]));
    }
  } catch (error) {
    await Promise.all(started.map((s) => s.close()));
    throw error;
  }
  return {
    hintsFile: path.join(fixturesDir, 'dns', 'hierarchy', 'course.hints'),
    close: async () => {
      await Promise.all(started.map((s) => s.close()));
    },
  };
}
