import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import type { RunningServer } from '../../../harness/core/suite.ts';
import { type CourseHierarchy, startCourseHierarchy } from '../../../reference/dns/course-hierarchy.ts';
import { startResolverServer } from '../../../reference/dns/resolver-server.ts';

/** The reference resolver walks the course's hierarchy (127.0.0.11-13) to gaia.cs.umass.edu. */

function ask(port: number, name: string, type: 'A' | 'MX'): Promise<dnsPacket.DecodedPacket> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no answer for ${name} within 3 s`));
    }, 3000);
    socket.on('message', (bytes) => {
      clearTimeout(timer);
      socket.close();
      resolve(dnsPacket.decode(bytes));
    });
    socket.send(dnsPacket.encode({ id: 7, type: 'query', flags: dnsPacket.RECURSION_DESIRED, questions: [{ name, type }] }), port, '127.0.0.1');
  });
}

describe('the course hierarchy and the reference resolver', () => {
  let hierarchy: CourseHierarchy | undefined;
  let resolver: RunningServer | undefined;
  beforeAll(async () => {
    hierarchy = await startCourseHierarchy(fixturesDir);
    resolver = await startResolverServer({ host: '127.0.0.1', port: 0, fixturesDir, rootHintsFile: hierarchy.hintsFile });
  });
  afterAll(async () => {
    await resolver?.close();
    await hierarchy?.close();
  });

  it('resolves gaia.cs.umass.edu by walking root → edu → umass.edu', async () => {
    const reply = await ask(resolver?.endpoint.port ?? 0, 'gaia.cs.umass.edu', 'A');
    expect(reply.answers?.map((a) => (a.type === 'A' ? a.data : a.type))).toEqual(['128.119.245.12']);
    expect((reply.flags ?? 0) & dnsPacket.RECURSION_AVAILABLE).toBeTruthy();
  });

  it('follows the www CNAME chain and reports a missing name as NXDOMAIN', async () => {
    const www = await ask(resolver?.endpoint.port ?? 0, 'www.umass.edu', 'A');
    expect(www.answers?.map((a) => a.type)).toEqual(['CNAME', 'CNAME', 'A']);
    const missing = await ask(resolver?.endpoint.port ?? 0, 'nx-nothing.umass.edu', 'A');
    expect((missing.flags ?? 0) & 0x0f).toBe(3);
  });
});
