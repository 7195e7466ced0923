
import { expectThat } from '../../harness/core/expect.ts';
import { type RuleSpec, rule } from '../../harness/core/rule.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { fileName } from './arbitraries.ts';
import { featureLines } from './features.ts';
import { put, scratchSession } from './transfers.ts';

/**
 * RFC 3659 §3.3, §4.3 and §5.4 each require a server that implements MDTM, SIZE or stream-mode
 * REST to say so in its FEAT reply ("MDTM", "SIZE", "REST STREAM"). One rule shape, three
 * sections: the command is tried on a stored file, and if it works FEAT must list it.
 */

export interface FeatRequirement {
  /** The feature line FEAT must carry. */
  feature: string;
  /** The command that shows the feature works, on a file named `name`; its success code. */
  command: (name: string) => string;
  success: number;
}

export function featRule(requirement: FeatRequirement): RuleSpec<string> {
  return rule({
    slug: `feat-lists-${requirement.feature.toLowerCase().replace(/\s+/g, '-')}`,
    level: 'MUST',
    title: `A server that answers ${requirement.command('f').split(' ')[0]} with ${requirement.success} lists "${requirement.feature}" in FEAT`,
    sends: `log in, STOR a file, ${requirement.command('f').split(' ')[0]}, FEAT`,
    input: fileName(),
    maxRuns: 3,
    check: async (io: RunIO, name: string) => {
      const control = await scratchSession(io);
      await put(control, name, Buffer.from('feature'));
      const reply = await control.command(requirement.command(name));
      if (reply.code !== requirement.success) io.notApplicable(`${requirement.feature} is not supported (${reply.code})`);
      const features = await featureLines(control);
      expectThat(features.includes(requirement.feature), `FEAT does not list ${requirement.feature}, though the server supports it`, requirement.feature, features.join(', ') || '(no FEAT lines)');
    },
  });
}

