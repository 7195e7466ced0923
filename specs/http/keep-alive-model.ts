import type fc from 'fast-check';
import { ConnectionClosed } from '../../harness/core/errors.ts';
import { expectBytesEqual, expectEqual, violation } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import type { TcpConnection } from '../../harness/wire/tcp-connection.ts';
import type { SiteFile } from './fixture-site.ts';
import { requestOn } from './requests.ts';
import { endsConnection } from './response-reader.ts';

/**
 * A state machine for a persistent connection (RFC 9112 §9.3): requests go one after another
 * on one connection; the model remembers whether the server announced `close`. A server that
 * drops the connection without announcing it breaks persistence.
 */

export interface KeepAliveModel {
  requests: number;
}

export class KeepAliveConnection {
  private connection: TcpConnection | undefined;
  private announcedClose = false;

  constructor(readonly io: RunIO) {}

  async current(): Promise<TcpConnection> {
    if (!this.connection || this.announcedClose) {
      this.connection = await this.io.tcp();
      this.announcedClose = false;
      this.io.step('open a connection');
    }
    return this.connection;
  }

  noteClose(announced: boolean): void {
    this.announcedClose = announced;
  }
}

/** GET or HEAD of a fixture file on the shared connection; checks status, body and length. */
export class FileRequestCommand implements fc.AsyncCommand<KeepAliveModel, KeepAliveConnection> {
  constructor(
    readonly file: SiteFile,
    readonly method: 'GET' | 'HEAD',
  ) {}

  check(_model: Readonly<KeepAliveModel>): boolean {
    return true;
  }

  async run(model: KeepAliveModel, real: KeepAliveConnection): Promise<void> {
    const connection = await real.current();
    const { io } = real;
    let response;
    try {
      response = await requestOn(io, connection, { method: this.method, target: this.file.path });
    } catch (error) {
      if (error instanceof ConnectionClosed && model.requests > 0) {
        violation('the server closed a persistent HTTP/1.1 connection without announcing close', 'the next request answered on the same connection', error.message);
      }
      throw error;
    }
    model.requests += 1;
    expectEqual(`status of ${this.method} ${this.file.path}`, response.status, 200);
    if (this.method === 'GET') expectBytesEqual(`body of ${this.file.path}`, response.body, this.file.bytes);
    real.noteClose(endsConnection(response));
  }

  toString(): string {
    return `${this.method} ${this.file.path}`;
  }
}
