/**
 * A strict reader and a writer for the subset of the DASH Media Presentation Description
 * (ISO/IEC 23009-1) that rfcheck's dash suites use: one static Period, Representations
 * addressed by a SegmentTemplate with @duration and $Number$ (no SegmentTimeline, SegmentList or
 * SegmentBase), and BaseURL at the MPD level.
 *
 * The reader is a conformance tool: anything malformed or outside the subset throws MpdError
 * with a message naming what is wrong; input larger than MPD_MAX_BYTES is refused before
 * parsing, and a DOCTYPE (entity expansion) is refused, so it never hangs. Unknown elements and
 * attributes outside the subset (ProgramInformation, codecs, …) are ignored, as the standard
 * asks of a client that does not understand them.
 *
 * Clause numbers: 5.3.1.2 (MPD element), 5.3.2 (Period), 5.3.3 (AdaptationSet), 5.3.5
 * (Representation), 5.3.7 (common attributes: @mimeType), 5.3.9.4 (SegmentTemplate), 5.3.9.4.4
 * (template identifiers), 5.6 (BaseURL).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface Representation {
  id: string;
  /** bits per second (5.3.5.2 @bandwidth) */
  bandwidth: number;
  mimeType: string;
  /** SegmentTemplate@media: a template with $Number$ and optionally $RepresentationID$, $Bandwidth$ */
  media: string;
  /** SegmentTemplate@initialization, if any */
  initialization?: string;
  startNumber: number;
  /** how many media segments the presentation holds: ceil(duration / segment duration) */
  segmentCount: number;
  width?: number;
  height?: number;
  codecs?: string;
}

export interface Presentation {
  /** MPD@mediaPresentationDuration (or the Period's @duration), in seconds */
  durationS: number;
  /** SegmentTemplate@duration / @timescale, in seconds; the same for every Representation */
  segmentDurationS: number;
  representations: Representation[];
  /** MPD-level BaseURL, if any */
  baseUrl?: string;
  /** MPD@minBufferTime in seconds (buildMpd defaults it to two segment durations) */
  minBufferTimeS?: number;
  /** MPD@profiles (buildMpd defaults it to the ISO BMFF live profile) */
  profiles?: string;
}

/**
 * The clause of ISO/IEC 23009-1 an MpdError breaks: 5.3.1.2 the MPD element (and XML itself),
 * 5.3.5.2 a Representation's @id or @bandwidth, 5.3.7 @mimeType, 5.3.9.4 SegmentTemplate (and
 * the subset: @duration addressing, one segment duration, BaseURL only in MPD), 5.3.9.4.4 the
 * template identifiers.
 */
export type MpdClause = '5.3.1.2' | '5.3.5.2' | '5.3.7' | '5.3.9.4' | '5.3.9.4.4';

/** The MPD is malformed or outside the subset this reader accepts. */
export class MpdError extends Error {
  constructor(
    message: string,
    readonly clause: MpdClause = '5.3.1.2',
  ) {
    super(`MPD: ${message}`);
    this.name = 'MpdError';
  }
}

export const MPD_MAX_BYTES = 1024 * 1024;
export const MPD_NAMESPACE = 'urn:mpeg:dash:schema:mpd:2011';
export const LIVE_PROFILE = 'urn:mpeg:dash:profile:isoff-live:2011';
const MAX_REPRESENTATIONS = 64;
const MAX_SEGMENTS = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Reading

type XmlNode = Record<string, unknown>;

const REPEATABLE = new Set(['Period', 'AdaptationSet', 'Representation', 'BaseURL', 'SegmentTemplate']);

export function parseMpd(xml: string): Presentation {
  if (typeof xml !== 'string') throw new MpdError('input is not text');
  if (Buffer.byteLength(xml, 'utf8') > MPD_MAX_BYTES) {
    throw new MpdError(`document is larger than ${MPD_MAX_BYTES} bytes`);
  }
  if (/<!DOCTYPE/i.test(xml)) throw new MpdError('a DOCTYPE is not allowed in an MPD');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new MpdError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseAttributeValue: false,
    parseTagValue: false,
    removeNSPrefix: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: true,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATABLE.has(name),
  });
  let doc: XmlNode;
  try {
    doc = parser.parse(xml) as XmlNode;
  } catch (error) {
    throw new MpdError(`XML could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const roots = Object.keys(doc).filter((k) => !k.startsWith('@') && k !== '#text');
  if (roots.length !== 1 || roots[0] !== 'MPD') {
    throw new MpdError(`the root element must be MPD (found ${roots.join(', ') || 'none'})`);
  }
  return readMpd(asNode(doc.MPD, 'MPD'));
}

function asNode(value: unknown, where: string): XmlNode {
  if (value === '' || value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MpdError(`${where} is not an element`);
  }
  return value as XmlNode;
}

function children(node: XmlNode, name: string, where: string): XmlNode[] {
  const value = node[name];
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [asNode(value, `${where}/${name}`)];
  return value.map((v, i) => asNode(v, `${where}/${name}[${i + 1}]`));
}

function attr(node: XmlNode, name: string): string | undefined {
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

function textOf(node: unknown, where: string): string {
  const text = typeof node === 'string' ? node : typeof node === 'object' && node !== null ? (node as XmlNode)['#text'] : undefined;
  if (typeof text !== 'string' || text.trim() === '') throw new MpdError(`${where} is empty`);
  return text.trim();
}

function unsigned(value: string, where: string, clause: MpdClause, { positive = false } = {}): number {
  if (!/^\d{1,15}$/.test(value)) throw new MpdError(`${where} must be an unsigned integer (got "${value}")`, clause);
  const n = Number(value);
  if (positive && n === 0) throw new MpdError(`${where} must be greater than 0`, clause);
  return n;
}

/** xs:duration limited to days, hours, minutes and seconds (years and months have no fixed length). */
export function parseXsDuration(value: string, where: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value.trim());
  if (!m || value.trim() === 'P' || value.trim().endsWith('T') || /^P(?:\d+Y|\d+M)/.test(value.trim())) {
    throw new MpdError(`${where} is not an xs:duration of days, hours, minutes and seconds (got "${value}")`);
  }
  const [, d, h, min, s] = m;
  return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
}

function readMpd(mpd: XmlNode): Presentation {
  const ns = attr(mpd, 'xmlns');
  if (ns !== MPD_NAMESPACE) {
    throw new MpdError(`MPD must be in the namespace ${MPD_NAMESPACE} (got ${ns ?? 'none'})`);
  }
  const type = attr(mpd, 'type') ?? 'static';
  if (type !== 'static') throw new MpdError(`MPD@type must be "static" for an on-demand presentation (got "${type}")`);
  const profiles = attr(mpd, 'profiles');
  if (profiles === undefined || profiles.trim() === '') throw new MpdError('MPD@profiles is mandatory');
  const minBuffer = attr(mpd, 'minBufferTime');
  if (minBuffer === undefined) throw new MpdError('MPD@minBufferTime is mandatory');
  const minBufferTimeS = parseXsDuration(minBuffer, 'MPD@minBufferTime');

  const periods = children(mpd, 'Period', 'MPD');
  if (periods.length !== 1) throw new MpdError(`exactly one Period is supported (found ${periods.length})`);
  const period = periods[0] as XmlNode;
  const mpdDuration = attr(mpd, 'mediaPresentationDuration');
  const periodDuration = attr(period, 'duration');
  const periodStart = attr(period, 'start');
  const startS = periodStart === undefined ? 0 : parseXsDuration(periodStart, 'Period@start');
  let durationS: number;
  if (mpdDuration !== undefined) {
    durationS = parseXsDuration(mpdDuration, 'MPD@mediaPresentationDuration') - startS;
  } else if (periodDuration !== undefined) {
    durationS = parseXsDuration(periodDuration, 'Period@duration');
  } else {
    throw new MpdError('a static MPD needs MPD@mediaPresentationDuration or Period@duration');
  }
  if (!(durationS > 0)) throw new MpdError('the presentation duration must be greater than 0');

  const baseUrls = ([] as unknown[]).concat(mpd.BaseURL ?? []);
  if (baseUrls.length > 1) throw new MpdError('at most one MPD-level BaseURL is supported');
  const baseUrl = baseUrls[0] === undefined ? undefined : textOf(baseUrls[0], 'MPD/BaseURL');
  for (const [el, where] of [[period, 'Period']] as const) {
    if (el.BaseURL !== undefined) throw new MpdError(`BaseURL in ${where} is outside the supported subset (put it in MPD)`, '5.3.9.4');
  }

  const periodTemplate = templateOf(period, 'Period');
  const sets = children(period, 'AdaptationSet', 'Period');
  if (sets.length === 0) throw new MpdError('the Period has no AdaptationSet');

  const representations: Representation[] = [];
  let segmentDurationS: number | undefined;
  sets.forEach((set, si) => {
    const setWhere = `AdaptationSet[${si + 1}]`;
    rejectOtherAddressing(set, setWhere);
    if (set.BaseURL !== undefined) throw new MpdError(`BaseURL in ${setWhere} is outside the supported subset (put it in MPD)`, '5.3.9.4');
    const setTemplate = { ...periodTemplate, ...templateOf(set, setWhere) };
    const reps = children(set, 'Representation', setWhere);
    if (reps.length === 0) throw new MpdError(`${setWhere} has no Representation`);
    reps.forEach((rep, ri) => {
      const where = `Representation[${ri + 1}] of ${setWhere}`;
      rejectOtherAddressing(rep, where);
      if (rep.BaseURL !== undefined) throw new MpdError(`BaseURL in ${where} is outside the supported subset (put it in MPD)`, '5.3.9.4');
      const template = { ...setTemplate, ...templateOf(rep, where) };
      const { representation, segmentS } = readRepresentation(set, rep, template, where, durationS);
      if (segmentDurationS === undefined) segmentDurationS = segmentS;
      else if (Math.abs(segmentDurationS - segmentS) > 1e-9) {
        throw new MpdError(`${where} has segment duration ${segmentS} s, others ${segmentDurationS} s (one duration is supported)`, '5.3.9.4');
      }
      representations.push(representation);
    });
  });
  if (representations.length > MAX_REPRESENTATIONS) throw new MpdError(`more than ${MAX_REPRESENTATIONS} Representations`);
  const ids = new Set<string>();
  for (const r of representations) {
    if (ids.has(r.id)) throw new MpdError(`Representation@id "${r.id}" is not unique within the Period`, '5.3.5.2');
    ids.add(r.id);
  }
  return {
    durationS,
    segmentDurationS: segmentDurationS as number,
    representations,
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    minBufferTimeS,
    profiles,
  };
}

function rejectOtherAddressing(node: XmlNode, where: string): void {
  for (const name of ['SegmentList', 'SegmentBase']) {
    if (node[name] !== undefined) throw new MpdError(`${where} uses ${name}, outside the supported subset (SegmentTemplate with $Number$)`, '5.3.9.4');
  }
}

type TemplateAttributes = Partial<Record<'media' | 'initialization' | 'duration' | 'timescale' | 'startNumber', string>>;

function templateOf(node: XmlNode, where: string): TemplateAttributes {
  const templates = children(node, 'SegmentTemplate', where);
  if (templates.length === 0) return {};
  if (templates.length > 1) throw new MpdError(`${where} has more than one SegmentTemplate`, '5.3.9.4');
  const t = templates[0] as XmlNode;
  if (t.SegmentTimeline !== undefined) throw new MpdError(`${where}/SegmentTemplate uses SegmentTimeline, outside the supported subset (@duration with $Number$)`, '5.3.9.4');
  const out: TemplateAttributes = {};
  for (const key of ['media', 'initialization', 'duration', 'timescale', 'startNumber'] as const) {
    const v = attr(t, key);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function readRepresentation(
  set: XmlNode,
  rep: XmlNode,
  template: TemplateAttributes,
  where: string,
  durationS: number,
): { representation: Representation; segmentS: number } {
  const id = attr(rep, 'id');
  if (id === undefined || id === '') throw new MpdError(`${where} has no @id`, '5.3.5.2');
  if (/\s/.test(id)) throw new MpdError(`${where}@id "${id}" contains whitespace`, '5.3.5.2');
  const bandwidthText = attr(rep, 'bandwidth');
  if (bandwidthText === undefined) throw new MpdError(`Representation "${id}" has no @bandwidth`, '5.3.5.2');
  const bandwidth = unsigned(bandwidthText, `Representation "${id}"@bandwidth`, '5.3.5.2', { positive: true });
  const mimeType = attr(rep, 'mimeType') ?? attr(set, 'mimeType');
  if (mimeType === undefined || mimeType === '') throw new MpdError(`Representation "${id}" has no @mimeType (on itself or its AdaptationSet)`, '5.3.7');
  if (template.media === undefined) throw new MpdError(`Representation "${id}" has no SegmentTemplate@media`, '5.3.9.4');
  if (template.duration === undefined) throw new MpdError(`Representation "${id}" has no SegmentTemplate@duration (SegmentTimeline is not supported)`, '5.3.9.4');
  checkTemplate(template.media, `SegmentTemplate@media of "${id}"`, true);
  if (template.initialization !== undefined) checkTemplate(template.initialization, `SegmentTemplate@initialization of "${id}"`, false);
  const timescale = template.timescale === undefined ? 1 : unsigned(template.timescale, `SegmentTemplate@timescale of "${id}"`, '5.3.9.4', { positive: true });
  const duration = unsigned(template.duration, `SegmentTemplate@duration of "${id}"`, '5.3.9.4', { positive: true });
  const startNumber = template.startNumber === undefined ? 1 : unsigned(template.startNumber, `SegmentTemplate@startNumber of "${id}"`, '5.3.9.4');
  const segmentS = duration / timescale;
  const segmentCount = Math.ceil(durationS / segmentS - 1e-9);
  if (segmentCount > MAX_SEGMENTS) throw new MpdError(`Representation "${id}" would have more than ${MAX_SEGMENTS} segments`, '5.3.9.4');
  const representation: Representation = {
    id,
    bandwidth,
    mimeType,
    media: template.media,
    ...(template.initialization !== undefined ? { initialization: template.initialization } : {}),
    startNumber,
    segmentCount,
  };
  const width = attr(rep, 'width') ?? attr(set, 'width');
  const height = attr(rep, 'height') ?? attr(set, 'height');
  const codecs = attr(rep, 'codecs') ?? attr(set, 'codecs');
  if (width !== undefined) representation.width = unsigned(width, `Representation "${id}"@width`, '5.3.5.2');
  if (height !== undefined) representation.height = unsigned(height, `Representation "${id}"@height`, '5.3.5.2');
  if (codecs !== undefined) representation.codecs = codecs;
  return { representation, segmentS };
}

const IDENTIFIER = /\$(RepresentationID|Number|Bandwidth|Time|SubNumber)?(%0(\d+)d)?\$/g;

/** 5.3.9.4.4: only the defined identifiers, a width format only on numeric ones, no $Number$ in @initialization. */
function checkTemplate(template: string, where: string, isMedia: boolean): void {
  let seenNumber = false;
  const rest = template.replace(IDENTIFIER, (_all, name: string | undefined, format: string | undefined) => {
    if (name === undefined) {
      if (format !== undefined) throw new MpdError(`${where}: "$$" cannot carry a format tag`, '5.3.9.4.4');
      return '';
    }
    if (name === 'RepresentationID' && format !== undefined) throw new MpdError(`${where}: $RepresentationID$ cannot carry a format tag`, '5.3.9.4.4');
    if (name === 'Time' || name === 'SubNumber') throw new MpdError(`${where}: $${name}$ is outside the supported subset`, '5.3.9.4');
    if (name === 'Number') seenNumber = true;
    return '';
  });
  if (rest.includes('$')) throw new MpdError(`${where}: "${template}" has an unpaired or unknown $ identifier`, '5.3.9.4.4');
  if (isMedia && !seenNumber) throw new MpdError(`${where}: "${template}" has no $Number$`, '5.3.9.4.4');
  if (!isMedia && seenNumber) throw new MpdError(`${where}: $Number$ may not appear in @initialization`, '5.3.9.4.4');
}

// ---------------------------------------------------------------------------------------------
// URLs

function substitute(template: string, rep: Representation, number: number | undefined): string {
  return template.replace(IDENTIFIER, (_all, name: string | undefined, _format: string | undefined, width: string | undefined) => {
    if (name === undefined) return '$';
    if (name === 'RepresentationID') return rep.id;
    let value: number;
    if (name === 'Bandwidth') value = rep.bandwidth;
    else if (name === 'Number' && number !== undefined) value = number;
    else throw new MpdError(`cannot substitute $${name}$ in "${template}"`);
    const digits = String(value);
    return width === undefined ? digits : digits.padStart(Number(width), '0');
  });
}

/** The media segment URL (relative to the MPD's BaseURL, or to the MPD's own URL) for a segment number. */
export function segmentUrl(rep: Representation, number: number): string {
  if (!Number.isSafeInteger(number) || number < 0) throw new MpdError(`segment number ${number} is not an unsigned integer`);
  return substitute(rep.media, rep, number);
}

/** The initialization segment URL, or undefined when the Representation has none. */
export function initUrl(rep: Representation): string | undefined {
  return rep.initialization === undefined ? undefined : substitute(rep.initialization, rep, undefined);
}

/** Segment numbers of a Representation, first to last. */
export function segmentNumbers(rep: Representation): number[] {
  return Array.from({ length: rep.segmentCount }, (_, i) => rep.startNumber + i);
}

// ---------------------------------------------------------------------------------------------
// Writing

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function formatXsDuration(seconds: number): string {
  return `PT${Number(seconds.toFixed(3))}S`;
}

/** Writes a static MPD: one Period, one AdaptationSet per mimeType, a SegmentTemplate per Representation. */
export function buildMpd(p: Presentation): string {
  const timescale = 1000;
  const segmentTicks = Math.round(p.segmentDurationS * timescale);
  if (!(segmentTicks > 0)) throw new MpdError('segmentDurationS must be greater than 0');
  const sets = new Map<string, Representation[]>();
  for (const rep of p.representations) {
    const expected = Math.ceil(p.durationS / p.segmentDurationS - 1e-9);
    if (rep.segmentCount !== expected) {
      throw new MpdError(`Representation "${rep.id}" has segmentCount ${rep.segmentCount}, but duration / segment duration gives ${expected}`, '5.3.9.4');
    }
    const list = sets.get(rep.mimeType) ?? [];
    list.push(rep);
    sets.set(rep.mimeType, list);
  }
  const a = (name: string, value: string | number | undefined): string =>
    value === undefined ? '' : ` ${name}="${escapeAttribute(String(value))}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<MPD${a('xmlns', MPD_NAMESPACE)}${a('type', 'static')}${a('profiles', p.profiles ?? LIVE_PROFILE)}` +
      `${a('mediaPresentationDuration', formatXsDuration(p.durationS))}` +
      `${a('minBufferTime', formatXsDuration(p.minBufferTimeS ?? 2 * p.segmentDurationS))}>`,
  ];
  if (p.baseUrl !== undefined) lines.push(`  <BaseURL>${escapeAttribute(p.baseUrl)}</BaseURL>`);
  lines.push('  <Period id="0" start="PT0S">');
  let setId = 0;
  for (const [mimeType, reps] of sets) {
    lines.push(`    <AdaptationSet${a('id', setId++)}${a('mimeType', mimeType)} segmentAlignment="true">`);
    for (const rep of reps) {
      lines.push(
        `      <Representation${a('id', rep.id)}${a('bandwidth', rep.bandwidth)}${a('codecs', rep.codecs)}` +
          `${a('width', rep.width)}${a('height', rep.height)}>`,
        `        <SegmentTemplate${a('timescale', timescale)}${a('duration', segmentTicks)}` +
          `${a('startNumber', rep.startNumber)}${a('initialization', rep.initialization)}${a('media', rep.media)}/>`,
        '      </Representation>',
      );
    }
    lines.push('    </AdaptationSet>');
  }
  lines.push('  </Period>', '</MPD>', '');
  return lines.join('\n');
}
