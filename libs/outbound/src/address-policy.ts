import { isIP } from 'node:net';

import ipaddr from 'ipaddr.js';

/**
 * Whether an address is on the public internet. Loopback, private, link-local, unique-local,
 * carrier-grade NAT, multicast, reserved and unspecified ranges are not, and neither are IPv6
 * addresses that carry an IPv4 address in their last 32 bits: IPv4-mapped (`::ffff:10.0.0.1`) and
 * the deprecated IPv4-compatible form (`::127.0.0.1`, which URLs write as `[::7f00:1]`), which some
 * stacks still route to the IPv4 address. Those are judged by the IPv4 address they carry.
 */
export function isPublicAddress(address: string): boolean {
  if (!isIP(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.range() === 'unicast';
  const ipv6 = parsed as ipaddr.IPv6;
  const embedded = embeddedIPv4(ipv6);
  if (embedded) return embedded.range() === 'unicast';
  return ipv6.range() === 'unicast';
}

/** The IPv4 address in an IPv4-mapped (::ffff:0:0/96) or IPv4-compatible (::/96) IPv6 address. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const parts = address.parts;
  const zeroPrefix = parts.slice(0, 5).every((part) => part === 0);
  if (!zeroPrefix || (parts[5] !== 0 && parts[5] !== 0xffff)) return undefined;
  // `::` and `::1` are IPv6's own unspecified and loopback addresses, refused as such.
  if (parts[5] === 0 && parts[6] === 0 && parts[7]! <= 1) return undefined;
  const [high, low] = [parts[6]!, parts[7]!];
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}
