import { section } from '../../harness/core/rule.ts';
import { featRule } from './feat-rule.ts';

/** RFC 3659 §5.4: a server implementing REST STREAM lists it in its FEAT reply. */

const citation = { suite: 'ftp', rfc: 'RFC 3659', section: '5.4', title: 'FEAT response for REST' };

export default section(citation, [featRule({ feature: 'REST STREAM', command: () => 'REST 0', success: 350 })]);
