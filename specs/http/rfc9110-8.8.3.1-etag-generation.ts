import { section } from '../../harness/core/rule.ts';
import { fieldSentRule } from './field-presence.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '8.8.3.1', title: 'Generation' };

export default section(citation, [fieldSentRule({ slug: 'etag-sent', level: 'SHOULD', title: 'A static file is served with an ETag', field: 'ETag' })]);
