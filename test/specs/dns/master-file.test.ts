import { describe, expect, it } from 'vitest';
import { MasterFileError, parseMasterFile } from '../../../specs/dns/master-file.ts';

describe('parseMasterFile', () => {
  it('reads $ORIGIN, $TTL, parentheses, comments, relative names, blank owners and escapes', () => {
    const zone = parseMasterFile(
      [
        '$ORIGIN example.org.',
        '$TTL 1h',
        '@ IN SOA ns hostmaster ( 1 ; serial',
        '  7200 900 1209600 300 )',
        '  IN NS ns.example.org.',
        'ns 60 IN A 192.0.2.1',
        'txt IN 30 TXT "a \\"quoted\\" word" "semi;colon" "\\065"',
        'mx MX 10 ns',
      ].join('\n'),
      'example.org.zone',
    );
    expect(zone.origin).toBe('example.org');
    expect(zone.records.map((r) => `${r.name} ${r.type} ${r.ttl}`)).toEqual([
      'example.org SOA 3600',
      'example.org NS 3600',
      'ns.example.org A 60',
      'txt.example.org TXT 30',
      'mx.example.org MX 3600',
    ]);
    const txt = zone.records[3];
    expect(txt?.type === 'TXT' && (txt.data as Buffer[]).map(String)).toEqual(['a "quoted" word', 'semi;colon', 'A']);
    expect(zone.records[0]?.data).toMatchObject({ mname: 'ns.example.org', rname: 'hostmaster.example.org', minimum: 300 });
  });

  it('refuses what it cannot read, naming the line', () => {
    expect(() => parseMasterFile('$ORIGIN x.\n@ IN SOA a b 1 2 3 4 5\nwww IN HINFO "a" "b"\n', 'bad.zone')).toThrow(MasterFileError);
    expect(() => parseMasterFile('$ORIGIN x.\n@ IN SOA a b ( 1 2 3 4 5\n', 'open.zone')).toThrow(/unbalanced/);
    expect(() => parseMasterFile('www IN A 10.0.0.1\n', 'no-origin.zone')).toThrow(/relative name/);
  });
});
