import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Maildir, toCrlf } from '../../../reference/mailbox-access/maildir.ts';

describe('Maildir store', () => {
  let root: string;
  let maildir: Maildir;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-maildir-test-'));
    maildir = new Maildir(path.join(root, 'Maildir'));
    await maildir.create();
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('delivers through tmp/ into new/, leaving tmp/ empty, and lists oldest first', async () => {
    const first = await maildir.deliver(Buffer.from('Subject: a\r\n\r\none\r\n'));
    const second = await maildir.deliver(Buffer.from('Subject: b\r\n\r\ntwo\r\n'));
    expect(await readdir(path.join(maildir.root, 'tmp'))).toEqual([]);
    expect((await maildir.list()).map((m) => m.key)).toEqual([first, second]);
  });

  it('moves a message to cur/ with the :2, flags and keeps its key', async () => {
    const key = await maildir.deliver(Buffer.from('x\r\n'));
    const [message] = await maildir.list();
    const flagged = await maildir.setFlags(message!, 'TS');
    expect(flagged.file).toBe(path.join(maildir.root, 'cur', `${key}:2,ST`));
    expect((await maildir.list()).map((m) => [m.key, m.flags])).toEqual([[key, 'ST']]);
  });

  it('serves bare LF as CRLF and leaves CRLF alone', () => {
    expect(toCrlf(Buffer.from('a\nb\r\nc\n')).toString()).toBe('a\r\nb\r\nc\r\n');
  });
});
