import { section } from '../../harness/core/rule.ts';
import { featRule } from './feat-rule.ts';

/** RFC 3659 §4.3: a server implementing SIZE lists it in its FEAT reply. */

const citation = { suite: 'ftp', rfc: 'RFC 3659', section: '4.3', title: 'FEAT response for SIZE' };

export default section(citation, [featRule({ feature: 'SIZE', command: (name) => `SIZE ${name}`, success: 213 })]);
