import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../harness/core/errors.ts';
import { lintMessageCommand } from '../../../specs/message/lint-message-command.ts';

describe('rfcheck lint-message', () => {
  let dir = '';
  const output: string[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-lint-'));
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  const file = async (name: string, text: string): Promise<string> => {
    const at = path.join(dir, name);
    await writeFile(at, text, 'latin1');
    return at;
  };
  const good = 'From: a@example.test\r\nDate: Sat, 21 Nov 2026 12:00:00 +0000\r\nMessage-ID: <1@example.test>\r\n\r\nhi\r\n';

  it('exits 0 on a conforming message and 1 when a MUST is broken, naming the line', async () => {
    expect(await lintMessageCommand([await file('good.eml', good)])).toBe(0);
    output.length = 0;
    expect(await lintMessageCommand([await file('bad.eml', good.replace('Date: Sat, 21 Nov 2026 12:00:00 +0000\r\n', ''))])).toBe(1);
    expect(output.join('')).toContain('origination-date-required');
  });

  it('counts SHOULD findings only with --strict, and prints JSON with --json', async () => {
    const noId = await file('no-id.eml', good.replace('Message-ID: <1@example.test>\r\n', ''));
    expect(await lintMessageCommand([noId])).toBe(0);
    expect(await lintMessageCommand([noId, '--strict'])).toBe(1);
    output.length = 0;
    await lintMessageCommand([noId, '--json']);
    expect(JSON.parse(output.join(''))[0].findings[0]).toMatchObject({ check: 'message-id-present', level: 'SHOULD', rfc: 'RFC 5322', section: '3.6.4' });
  });

  it('turns bad arguments and unreadable files into one-line usage errors', async () => {
    await expect(lintMessageCommand([])).rejects.toBeInstanceOf(UsageError);
    await expect(lintMessageCommand(['--nope'])).rejects.toBeInstanceOf(UsageError);
    await expect(lintMessageCommand([path.join(dir, 'missing.eml')])).rejects.toThrow(/cannot read .*ENOENT/);
  });
});
