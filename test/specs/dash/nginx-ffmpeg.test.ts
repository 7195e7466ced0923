import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runAgainstAddress } from '../../support/mutant-matrix.ts';
import { useNginxServing } from './dash-nginx.ts';

/**
 * The dash suite against real software: ffmpeg (Debian package `ffmpeg`) encodes a few seconds
 * of a test pattern into a DASH presentation (a static MPD with SegmentTemplate and $Number$,
 * two H.264 Representations held near constant bitrate), and nginx (package `nginx`) serves the
 * folder from fixtures/dash/nginx/nginx.conf.template. The rules judge the server against the
 * MPD it serves, so this presentation is as good as the generated fixture. nginx's deviations,
 * if any, are documented in fixtures/dash/README.md and held exactly here.
 */

const ffmpegBinary = '/usr/bin/ffmpeg';
const run = promisify(execFile);

/** Rules nginx + ffmpeg fail, each documented in fixtures/dash/README.md. */
const documentedDeviations: string[] = [];

/** Six one-second segments per Representation: 800 kbit/s and 300 kbit/s, CBR (nal-hrd=cbr). */
async function encodePresentation(folder: string): Promise<void> {
  if (!existsSync(ffmpegBinary)) throw new Error(`${ffmpegBinary} not found: install the Debian package 'ffmpeg' (listed in .ci/apt-packages)`);
  const rate = (stream: number, bits: string) => [`-b:v:${stream}`, bits, `-minrate:v:${stream}`, bits, `-maxrate:v:${stream}`, bits, `-bufsize:v:${stream}`, bits];
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '6',
    '-map', '0:v', '-map', '0:v',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    // A key frame every second, so every segment starts with one.
    '-g', '25', '-keyint_min', '25', '-sc_threshold', '0',
    ...rate(0, '800k'), ...rate(1, '300k'),
    '-x264-params', 'nal-hrd=cbr',
    '-f', 'dash', '-use_template', '1', '-use_timeline', '0', '-seg_duration', '1',
    path.join(folder, 'manifest.mpd'),
  ];
  try {
    await run(ffmpegBinary, args, { timeout: 60_000, maxBuffer: 1 << 20 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`ffmpeg failed: ${error instanceof Error ? error.message : String(error)} ${stderr.slice(-2000)}`, { cause: error });
  }
}

describe('dash suite against nginx serving an ffmpeg presentation', () => {
  const served = useNginxServing(encodePresentation);

  it('ffmpeg wrote a template MPD and numbered segments', async () => {
    const files = await readdir(served().docroot);
    expect(files).toContain('manifest.mpd');
    expect(files.filter((f) => /^chunk-stream\d+-\d{5}\.m4s$/.test(f))).toHaveLength(12);
  });

  it('passes every rule but the documented deviations', async () => {
    const { nginx } = served();
    const report = await runAgainstAddress('dash', nginx.endpoint, { runs: 10, readTimeoutMs: 5000, ruleTimeoutMs: 60_000 });
    expect(report.rules.length).toBeGreaterThanOrEqual(25);
    const failing = report.rules.filter((r) => r.status === 'fail' || r.status === 'error');
    const explained = failing.map((r) => `${r.id}: ${r.message ?? ''}`).join('\n');
    expect(failing.map((r) => r.id).sort(), `${explained}\nnginx output: ${nginx.output()}`).toEqual([...documentedDeviations].sort());
    const skipped = report.rules.filter((r) => r.status === 'skip').map((r) => `${r.id}: ${r.message ?? ''}`);
    expect(skipped).toEqual([]);
    expect(report.rules.filter((r) => r.status === 'pass').length).toBe(report.rules.length - documentedDeviations.length);
  }, 180_000);
});
