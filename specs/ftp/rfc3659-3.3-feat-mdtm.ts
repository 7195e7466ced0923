import { section } from '../../harness/core/rule.ts';
import { featRule } from './feat-rule.ts';

/** RFC 3659 §3.3: a server implementing MDTM lists it in its FEAT reply. */

const citation = { suite: 'ftp', rfc: 'RFC 3659', section: '3.3', title: 'FEAT response for MDTM' };

export default section(citation, [featRule({ feature: 'MDTM', command: (name) => `MDTM ${name}`, success: 213 })]);
