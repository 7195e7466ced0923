import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import { fixturePresentation, readFixtureDescription } from '../../specs/dash/fixture-presentation.ts';
import { type DashSiteOptions, listenDashSite } from './media-site.ts';

/** The `dash` suite's reference: the generated fixture presentation, MPD at /manifest.mpd. */
export function startDashServer(options: ServerStartOptions, planted: Omit<DashSiteOptions, 'description' | 'presentation'> = {}): Promise<RunningServer> {
  const description = readFixtureDescription(options.fixturesDir);
  return listenDashSite({ host: options.host, port: options.port, description, presentation: fixturePresentation(description), ...planted });
}
