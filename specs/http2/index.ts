import type { SuiteSpec } from '../../harness/core/suite.ts';
import * as hpack from './rfc7541-hpack.ts';
import * as h2cUpgrade from './rfc7540-3.2-h2c-upgrade.ts';
import preface from './rfc9113-3.4-connection-preface.ts';
import frameFormat from './rfc9113-4.1-frame-format.ts';
import frameSize from './rfc9113-4.2-frame-size.ts';
import fieldBlock from './rfc9113-4.3-field-block.ts';
import streamStates from './rfc9113-5.1-stream-states.ts';
import streamIdentifiers from './rfc9113-5.1.1-stream-identifiers.ts';
import streamConcurrency from './rfc9113-5.1.2-stream-concurrency.ts';
import { connectionErrorRules, streamErrorRules } from './rfc9113-5.4-error-handling.ts';
import extending from './rfc9113-5.5-extending.ts';
import data from './rfc9113-6.1-data.ts';
import headers from './rfc9113-6.2-headers.ts';
import priority from './rfc9113-6.3-priority.ts';
import rstStream from './rfc9113-6.4-rst-stream.ts';
import settings from './rfc9113-6.5-settings.ts';
import definedSettings from './rfc9113-6.5.2-defined-settings.ts';
import settingsSynchronization from './rfc9113-6.5.3-settings-synchronization.ts';
import ping from './rfc9113-6.7-ping.ts';
import goaway from './rfc9113-6.8-goaway.ts';
import windowUpdate from './rfc9113-6.9-window-update.ts';
import flowControlWindow from './rfc9113-6.9.1-flow-control-window.ts';
import initialWindowSize from './rfc9113-6.9.2-initial-window-size.ts';
import continuation from './rfc9113-6.10-continuation.ts';
import * as semantics from './rfc9113-8-http-semantics.ts';

export const suites: SuiteSpec[] = [
  {
    name: 'http2',
    title: 'HTTP/2 server over cleartext TCP (RFC 9113, HPACK RFC 7541)',
    transport: 'tcp',
    fixtures: 'http2',
    typicalSeconds: 24,
    rules: [
      ...h2cUpgrade.upgrade,
      ...h2cUpgrade.http2SettingsField,
      ...preface,
      ...frameFormat,
      ...frameSize,
      ...fieldBlock,
      ...streamStates,
      ...streamIdentifiers,
      ...streamConcurrency,
      ...connectionErrorRules,
      ...streamErrorRules,
      ...extending,
      ...data,
      ...headers,
      ...priority,
      ...rstStream,
      ...settings,
      ...definedSettings,
      ...settingsSynchronization,
      ...ping,
      ...goaway,
      ...windowUpdate,
      ...flowControlWindow,
      ...initialWindowSize,
      ...continuation,
      ...semantics.messageFraming,
      ...semantics.malformedMessages,
      ...semantics.fieldRules,
      ...semantics.fieldValidity,
      ...semantics.connectionSpecificFields,
      ...semantics.controlData,
      ...semantics.requestPseudoHeaders,
      ...semantics.responsePseudoHeaders,
      ...semantics.serverPush,
      ...semantics.connectMethod,
      ...hpack.addressSpace,
      ...hpack.tableSize,
      ...hpack.integers,
      ...hpack.strings,
      ...hpack.indexedFields,
      ...hpack.neverIndexed,
      ...hpack.sizeUpdates,
    ],
  },
];
