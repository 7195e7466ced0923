import path from 'node:path';
import { fixturesDir } from '../../harness/core/catalogue.ts';
import { UsageError } from '../../harness/core/errors.ts';
import { writeFixture } from './fixture-presentation.ts';

/**
 * `rfcheck dash-fixtures <dir>`: writes the generated presentation (manifest.mpd and media/…)
 * into a folder, for a static server (nginx, a student's) to serve as the dash fixture.
 */
export const dashFixturesCommand = {
  summary: 'write the dash fixture presentation (manifest.mpd, media/) into a folder',
  run: async (argv: string[]): Promise<number> => {
    if (argv.length !== 1 || (argv[0] as string).startsWith('-')) throw new UsageError('usage: rfcheck dash-fixtures <output folder>');
    const out = path.resolve(argv[0] as string);
    const count = await writeFixture(fixturesDir, out);
    process.stdout.write(`wrote ${count} files to ${out}\n`);
    return 0;
  },
};
