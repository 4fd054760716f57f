import { describe, expect, it } from 'vitest';
import { classifyAddress, mappedIPv4 } from './address-class.js';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
    ['10.0.0.1', 'non-public'],
    ['172.31.255.255', 'non-public'],
    ['192.168.0.1', 'non-public'],
    ['169.254.169.254', 'non-public'],
    ['100.64.0.1', 'non-public'],
    ['0.0.0.0', 'non-public'],
    ['224.0.0.1', 'non-public'],
    ['255.255.255.255', 'non-public'],
    ['::', 'non-public'],
    ['fe80::1', 'non-public'],
    ['fd00::1', 'non-public'],
    ['ff02::1', 'non-public'],
    ['::ffff:10.0.0.1', 'non-public'],
    ['::ffff:a9fe:a9fe', 'non-public'],
    ['64:ff9b::a00:1', 'non-public'],
    ['2002:a00:1::', 'non-public'],
    ['fe80::1%eth0', 'non-public'],
    ['not-an-ip', 'non-public'],
    ['93.184.215.14', 'public'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['2606:4700::1111', 'public'],
    ['::ffff:8.8.8.8', 'public'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('reads the IPv4 inside a v4-mapped address in any spelling', () => {
    expect(mappedIPv4('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(mappedIPv4('::FFFF:0a01:0203')).toBe('10.1.2.3');
    expect(mappedIPv4('2001:db8::1')).toBeUndefined();
    expect(mappedIPv4('10.1.2.3')).toBeUndefined();
  });
});
