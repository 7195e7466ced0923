import type { SuiteSpec } from '../../../harness/core/suite.ts';
import adaptiveRules from './2.6.2-adaptive-playback.ts';
import { doneRules, errorRules } from './control-protocol.ts';
import { numberingRules, templateRules } from './iso23009-5.3.9-segment-addressing.ts';
import { persistenceRules, requestRules } from './rfc9112-http-client.ts';

/** The adaptive DASH player, judged from a presentation the harness serves through a bandwidth trace. */
export const dashPlayerSuite: SuiteSpec = {
  name: 'dash-player',
  title: 'Adaptive DASH player: segment addressing, rate choice and stalls against the buffer model',
  rfc: 'Kurose & Ross, Computer Networking',
  transport: 'tcp',
  rules: [...adaptiveRules, ...templateRules, ...numberingRules, ...requestRules, ...persistenceRules, ...doneRules, ...errorRules],
  fixtures: 'dash/player',
  typicalSeconds: 7,
};
