// Which network addresses a webhook may reach. A webhook's URL is chosen by a user of the workspace
// and fetched by the server, so without this check it would be a way to reach the server's own
// loopback services, the cloud metadata address or the office network (SSRF). The check runs at
// creation and again on every delivery after DNS resolution, and the delivery connects to exactly
// the address that was checked, so a name that resolves publicly at creation and to 127.0.0.1 later
// (DNS rebinding) is refused too.
import dns from 'node:dns';
import net from 'node:net';

const blocked = new net.BlockList();
for (const [range, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(range, bits, 'ipv4');
}
for (const [range, bits] of [
  ['::', 96],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(range, bits, 'ipv6');
}

/**
 * Whether an IP address is loopback, private, link-local, reserved or multicast. The BlockList
 * judges IPv4-mapped IPv6 (::ffff:127.0.0.1) as the IPv4 it carries; `::/96` covers the
 * unspecified, loopback and IPv4-compatible forms.
 */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) return blocked.check(address, 'ipv6');
  return true;
}

/** The host of a URL as the resolver wants it (brackets of an IPv6 literal removed). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

export class AddressRefused extends Error {
  constructor(
    readonly reason: 'private' | 'unresolvable',
    host: string,
  ) {
    super(reason === 'private' ? `${host} resolves to a private or loopback address` : `${host} could not be resolved`);
  }
}

/**
 * Resolves a host to the addresses a delivery may connect to: all of them must be public (one
 * private answer among public ones is still a way in), unless private targets are allowed.
 */
export async function resolvePublic(host: string, allowPrivate: boolean): Promise<{ address: string; family: number }[]> {
  let addrs: { address: string; family: number }[];
  if (net.isIP(host)) addrs = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addrs = await dns.promises.lookup(host, { all: true, verbatim: true });
    } catch {
      throw new AddressRefused('unresolvable', host);
    }
  }
  if (!addrs.length) throw new AddressRefused('unresolvable', host);
  if (!allowPrivate && addrs.some((a) => isPrivateAddress(a.address))) throw new AddressRefused('private', host);
  return addrs;
}
