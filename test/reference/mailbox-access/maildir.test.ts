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

  it('lists from what it knew: known files kept as they were, new ones added, gone ones dropped', async () => {
    const kept = await maildir.deliver(Buffer.from('a\r\n'));
    const gone = await maildir.deliver(Buffer.from('b\r\n'));
    const before = await maildir.list();
    await maildir.remove(before[1]!);
    const added = await maildir.deliver(Buffer.from('c\r\n'));
    const known = new Map(before.map((m) => [m.file, m]));
    const after = await maildir.list(known);
    expect(after.map((m) => m.key)).toEqual([kept, added]);
    expect(after[0]).toBe(before[0]);
    expect(after.map((m) => m.key)).not.toContain(gone);
    expect(after).toEqual(await maildir.list());
  });

  it('serves bare LF as CRLF and leaves CRLF alone', () => {
    expect(toCrlf(Buffer.from('a\nb\r\nc\n')).toString()).toBe('a\r\nb\r\nc\r\n');
  });
});
