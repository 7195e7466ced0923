import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMpd, initUrl, MPD_MAX_BYTES, MpdError, parseMpd, type Presentation, segmentUrl } from '../../../specs/dash/mpd.ts';

const presentation = (): fc.Arbitrary<Presentation> =>
  fc
    .record({
      segmentDurationS: fc.constantFrom(1, 2, 4),
      segments: fc.integer({ min: 1, max: 200 }),
      ids: fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), { minLength: 1, maxLength: 6 }),
      startNumber: fc.integer({ min: 0, max: 5 }),
      withInit: fc.boolean(),
    })
    .map(({ segmentDurationS, segments, ids, startNumber, withInit }) => ({
      durationS: segmentDurationS * segments,
      segmentDurationS,
      representations: ids.map((id, i) => ({
        id,
        bandwidth: 250_000 * (i + 1),
        mimeType: 'video/mp4',
        media: 'seg/$RepresentationID$/$Number%05d$.m4s',
        ...(withInit ? { initialization: 'seg/$RepresentationID$/init.mp4' } : {}),
        startNumber,
        segmentCount: segments,
      })),
    }));

describe('specs/dash/mpd', () => {
  it('reads back what buildMpd writes', () => {
    fc.assert(
      fc.property(presentation(), (p) => {
        const read = parseMpd(buildMpd(p));
        expect(read.durationS).toBe(p.durationS);
        expect(read.segmentDurationS).toBe(p.segmentDurationS);
        expect(read.representations).toEqual(p.representations);
      }),
    );
  });

  const first = <T>(list: T[]): T => {
    const [item] = list;
    if (item === undefined) throw new Error('empty sample');
    return item;
  };

  it('substitutes template identifiers with their width format', () => {
    const rep = first(parseMpd(buildMpd(first(fc.sample(presentation(), 1)))).representations);
    expect(segmentUrl(rep, 7)).toBe(`seg/${rep.id}/00007.m4s`);
    expect(segmentUrl({ ...rep, media: '$RepresentationID$-$Bandwidth$-$Number$$$.m4s' }, 12)).toBe(`${rep.id}-${rep.bandwidth}-12$.m4s`);
    expect(initUrl({ ...rep, initialization: 'i-$RepresentationID$.mp4' })).toBe(`i-${rep.id}.mp4`);
    expect(initUrl({ ...rep, initialization: undefined })).toBeUndefined();
  });

  const good = buildMpd(first(fc.sample(presentation(), { numRuns: 1, seed: 7 })));
  const broken: [string, string, RegExp][] = [
    ['not XML', '<MPD><Period></MPD>', /not well-formed/],
    ['another root', '<html xmlns="urn:mpeg:dash:schema:mpd:2011"/>', /root element must be MPD/],
    ['no namespace', good.replace(' xmlns="urn:mpeg:dash:schema:mpd:2011"', ''), /namespace/],
    ['dynamic', good.replace('type="static"', 'type="dynamic"'), /"static"/],
    ['no profiles', good.replace(/ profiles="[^"]*"/, ''), /@profiles/],
    ['no duration', good.replace(/ mediaPresentationDuration="[^"]*"/, ''), /mediaPresentationDuration/],
    ['a month duration', good.replace(/mediaPresentationDuration="[^"]*"/, 'mediaPresentationDuration="P1M"'), /xs:duration/],
    ['no bandwidth', good.replace(/ bandwidth="[^"]*"/, ''), /@bandwidth/],
    ['zero bandwidth', good.replace(/ bandwidth="[^"]*"/, ' bandwidth="0"'), /greater than 0/],
    ['unknown identifier', good.replace(/\$Number%05d\$/, '$Nmber$'), /unknown \$ identifier/],
    ['no $Number$', good.replace(/\$Number%05d\$/, 'x'), /no \$Number\$/],
    ['SegmentTimeline', good.replace(/<SegmentTemplate([^>]*)\/>/, '<SegmentTemplate$1><SegmentTimeline/></SegmentTemplate>'), /SegmentTimeline/],
    ['DOCTYPE', `<!DOCTYPE MPD [<!ENTITY a "aaaa">]>${good.replace('<?xml version="1.0" encoding="UTF-8"?>', '')}`, /DOCTYPE/],
    ['too large', good.replace('<Period', `<!--${'x'.repeat(MPD_MAX_BYTES)}--><Period`), /larger than/],
  ];
  it.each(broken)('refuses an MPD with %s', (_name, xml, message) => {
    expect(() => parseMpd(xml)).toThrow(MpdError);
    expect(() => parseMpd(xml)).toThrow(message);
  });
});
