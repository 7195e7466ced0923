import type { SuiteSpec } from '../../harness/core/suite.ts';
import eprt from './rfc2428-2-eprt.ts';
import epsv from './rfc2428-3-epsv.ts';
import commandUsage from './rfc2428-4-command-usage.ts';
import bounceAttack from './rfc2577-3-bounce-attack.ts';
import restrictedAccess from './rfc2577-4-restricted-access.ts';
import times from './rfc3659-2.3-times.ts';
import mdtm from './rfc3659-3.1-mdtm.ts';
import featMdtm from './rfc3659-3.3-feat-mdtm.ts';
import size from './rfc3659-4-size.ts';
import sizeErrors from './rfc3659-4.2-size-errors.ts';
import featSize from './rfc3659-4.3-feat-size.ts';
import rest from './rfc3659-5.3-rest.ts';
import featRest from './rfc3659-5.4-feat-rest.ts';
import mlsx from './rfc3659-7.2-mlsx-response.ts';
import asciiType from './rfc959-3.1.1.1-ascii-type.ts';
import imageType from './rfc959-3.1.1.3-image-type.ts';
import dataConnections from './rfc959-3.3-data-connection-management.ts';
import accessControl from './rfc959-4.1.1-access-control.ts';
import transferParameters from './rfc959-4.1.2-transfer-parameters.ts';
import serviceCommands from './rfc959-4.1.3-service-commands.ts';
import replies from './rfc959-4.2-ftp-replies.ts';
import minimum from './rfc959-5.1-minimum-implementation.ts';
import sequencing from './rfc959-5.4-sequencing.ts';
import directoryCommands from './rfc959-II-directory-commands.ts';

export const suites: SuiteSpec[] = [
  {
    name: 'ftp',
    title: 'FTP server (RFC 959, RFC 2428 EPRT/EPSV, RFC 3659 SIZE/MDTM/REST/MLSD, RFC 2577)',
    transport: 'tcp',
    rules: [
      ...replies,
      ...sequencing,
      ...minimum,
      ...accessControl,
      ...transferParameters,
      ...asciiType,
      ...imageType,
      ...dataConnections,
      ...serviceCommands,
      ...directoryCommands,
      ...eprt,
      ...epsv,
      ...commandUsage,
      ...bounceAttack,
      ...restrictedAccess,
      ...times,
      ...mdtm,
      ...featMdtm,
      ...size,
      ...sizeErrors,
      ...featSize,
      ...rest,
      ...featRest,
      ...mlsx,
    ],
    fixtures: 'ftp',
    typicalSeconds: 9,
  },
];
