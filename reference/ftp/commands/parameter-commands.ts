import net from 'node:net';
import { ActiveConnector, PassiveListener, plainAddress } from '../data-connection.ts';
import type { Session } from '../session.ts';
import { type CommandTable, afterLogin } from './command-handler.ts';

/**
 * RFC 959 §4.1.2 (TYPE, MODE, STRU, PORT, PASV) and RFC 2428 (EPRT, EPSV). A client may send
 * the data connection only to itself: PORT or EPRT naming another address, or a port below
 * 1024, is refused (RFC 2577 §3, the bounce attack).
 */

/** Why an active data address is refused, or undefined when it is acceptable. */
function bounceRefusal(session: Session, host: string, port: number): string | undefined {
  const policy = session.server.dataPorts;
  if (!policy.foreignAddresses && plainAddress(host) !== session.clientAddress) return 'Data connections go only to the client\'s own address.';
  if (!policy.privilegedPorts && port < 1024) return 'Data connections to ports below 1024 are refused.';
  return undefined;
}

function prepareActive(session: Session, host: string, port: number, verb: string): void {
  if (session.epsvAll) {
    session.reply(503, `${verb} is not allowed after EPSV ALL.`);
    return;
  }
  const refusal = bounceRefusal(session, host, port);
  if (refusal) {
    session.reply(504, refusal);
    return;
  }
  session.prepareData(new ActiveConnector(host, port, session.server.limits.dataConnectTimeoutMs));
  session.reply(200, `${verb} command successful.`);
}

async function preparePassive(session: Session): Promise<PassiveListener> {
  const listener = await PassiveListener.listen(session.socket.localAddress ?? '127.0.0.1', session.clientAddress, session.server.limits.dataConnectTimeoutMs);
  session.prepareData(listener);
  return listener;
}

/** EPRT's and EPSV's network protocol numbers (RFC 2428): 1 is IPv4, 2 is IPv6. */
const protocolFamilies: Record<string, 4 | 6> = { '1': 4, '2': 6 };

export const parameterCommands: CommandTable = {
  TYPE: afterLogin((session, argument) => {
    const words = argument.toUpperCase().split(/\s+/).filter(Boolean);
    const [code, format] = words;
    if (code === 'I' && words.length === 1) session.type = 'I';
    else if (code === 'L' && format === '8' && words.length === 2) session.type = 'I';
    else if (code === 'A' && (format === undefined || format === 'N') && words.length <= 2) session.type = 'A';
    else if (code === 'E' || (code === 'A' && (format === 'T' || format === 'C'))) {
      session.reply(504, 'That type is not supported.');
      return;
    } else {
      session.reply(501, 'TYPE takes A, A N, I or L 8.');
      return;
    }
    session.reply(200, `Type set to ${session.type}.`);
  }),
  MODE: afterLogin((session, argument) => {
    const mode = argument.trim().toUpperCase();
    if (mode === 'S') session.reply(200, 'Mode set to S.');
    else if (mode === 'B' || mode === 'C') session.reply(504, 'Only stream mode is supported.');
    else session.reply(501, 'MODE takes S, B or C.');
  }),
  STRU: afterLogin((session, argument) => {
    const structure = argument.trim().toUpperCase();
    if (structure === 'F') session.reply(200, 'Structure set to F.');
    else if (structure === 'R' || structure === 'P') session.reply(504, 'Only file structure is supported.');
    else session.reply(501, 'STRU takes F, R or P.');
  }),
  PORT: afterLogin((session, argument) => {
    const numbers = argument.trim().split(',').map((n) => (/^\d{1,3}$/.test(n.trim()) ? Number(n) : NaN));
    if (numbers.length !== 6 || numbers.some((n) => !(n >= 0 && n <= 255))) {
      session.reply(501, 'PORT takes h1,h2,h3,h4,p1,p2.');
      return;
    }
    const [h1, h2, h3, h4, p1, p2] = numbers as [number, number, number, number, number, number];
    prepareActive(session, `${h1}.${h2}.${h3}.${h4}`, p1 * 256 + p2, 'PORT');
  }),
  EPRT: afterLogin((session, argument) => {
    const delimiter = argument.charAt(0);
    const code = delimiter.charCodeAt(0);
    const fields = argument.split(delimiter);
    if (!(code >= 33 && code <= 126) || fields.length !== 5 || fields[0] !== '' || fields[4] !== '') {
      session.reply(501, 'EPRT takes <d>proto<d>address<d>port<d>.');
      return;
    }
    const [, protocol, host, portText] = fields as [string, string, string, string];
    const family = protocolFamilies[protocol];
    if (!family) {
      session.reply(522, 'Network protocol not supported, use (1,2).');
      return;
    }
    const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (net.isIP(host) !== family || !(port >= 1 && port <= 65535)) {
      session.reply(501, 'EPRT address or port is malformed.');
      return;
    }
    prepareActive(session, host, port, 'EPRT');
  }),
  PASV: afterLogin(async (session) => {
    if (session.epsvAll) {
      session.reply(503, 'PASV is not allowed after EPSV ALL.');
      return;
    }
    const address = session.localAddress;
    if (net.isIP(address) !== 4) {
      session.reply(522, 'PASV needs IPv4; use EPSV.');
      return;
    }
    const listener = await preparePassive(session);
    const port = listener.port;
    session.reply(227, `Entering Passive Mode (${address.replaceAll('.', ',')},${port >> 8},${port & 255}).`);
  }),
  EPSV: afterLogin(async (session, argument) => {
    const request = argument.trim().toUpperCase();
    if (request === 'ALL') {
      session.epsvAll = true;
      session.reply(200, 'EPSV ALL accepted: only EPSV may set up data connections now.');
      return;
    }
    const family = protocolFamilies[request];
    if (request !== '' && family !== (net.isIP(session.localAddress) as 4 | 6)) {
      session.reply(522, `Network protocol not supported, use (${net.isIP(session.localAddress) === 6 ? 2 : 1}).`);
      return;
    }
    const listener = await preparePassive(session);
    session.reply(229, `Entering Extended Passive Mode (|||${listener.port}|).`);
  }),
};
