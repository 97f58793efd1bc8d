import { isIP } from 'node:net';

import ipaddr from 'ipaddr.js';

/**
 * Whether an address is on the public internet. Loopback, private, link-local, unique-local,
 * carrier-grade NAT, multicast, reserved and unspecified ranges are not, and neither are IPv6
 * addresses that embed one of those (IPv4-mapped ::ffff:10.0.0.1).
 */
export function isPublicAddress(address: string): boolean {
  if (!isIP(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}
