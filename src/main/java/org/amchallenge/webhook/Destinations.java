package org.amchallenge.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a webhook may be delivered: an http(s) URL whose host is a public address. Loopback, link-local, private,
 * unique-local, shared (carrier NAT), multicast, unspecified and reserved addresses are refused (IANA's
 * special-purpose registries), so that a webhook cannot reach the server's own machine or network. A URL's host
 * is read as a browser reads it (WHATWG URL): "0x7f000001", "2130706433" and "127.1" are 127.0.0.1.
 *
 * Written here rather than taken from a library: the JDK's InetAddress tells loopback, link-local, site-local and
 * multicast, not the rest of the registries, nor the inet_aton forms of an IPv4 address, and no library of the
 * build does both.
 */
public final class Destinations {
  /** A URL taken apart: what a delivery connects to, and what it asks for there. */
  public record Target(boolean https, String host, int port, String requestUri) {
    /** The host as a name to resolve, or its address where the URL gives one. */
    public Optional<InetAddress> literal() {
      return literalAddress(host);
    }
  }

  private record Block(byte[] prefix, int bits, String what) {
    boolean holds(byte[] address) {
      if (address.length != prefix.length) return false;
      for (int bit = 0; bit < bits; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) return false;
      }
      return true;
    }
  }

  private static final List<Block> NOT_PUBLIC = List.of(
      v4("0.0.0.0", 8, "an unspecified (this-network) address"),
      v4("10.0.0.0", 8, "a private address"),
      v4("100.64.0.0", 10, "a shared (carrier NAT) address"),
      v4("127.0.0.0", 8, "a loopback address"),
      v4("169.254.0.0", 16, "a link-local address"),
      v4("172.16.0.0", 12, "a private address"),
      v4("192.0.0.0", 24, "an IETF protocol address"),
      v4("192.0.2.0", 24, "a documentation address"),
      v4("192.88.99.0", 24, "a 6to4 relay address"),
      v4("192.168.0.0", 16, "a private address"),
      v4("198.18.0.0", 15, "a benchmarking address"),
      v4("198.51.100.0", 24, "a documentation address"),
      v4("203.0.113.0", 24, "a documentation address"),
      v4("224.0.0.0", 4, "a multicast address"),
      v4("240.0.0.0", 4, "a reserved or broadcast address"),
      v6("::", 128, "an unspecified address"),
      v6("::1", 128, "a loopback address"),
      v6("64:ff9b:1::", 48, "a local NAT64 address"),
      v6("100::", 64, "a discard address"),
      v6("2001::", 23, "an IETF protocol address"),
      v6("2001:db8::", 32, "a documentation address"),
      v6("3fff::", 20, "a documentation address"),
      v6("5f00::", 16, "a segment routing address"),
      v6("fc00::", 7, "a unique-local address"),
      v6("fe80::", 10, "a link-local address"),
      v6("fec0::", 10, "a site-local address"),
      v6("ff00::", 8, "a multicast address"));
  /** Blocks that carry an IPv4 address in their last four bytes (IPv4-compatible, NAT64) or after their first two (6to4). */
  private static final Block COMPATIBLE = v6("::", 96, "an IPv4-compatible address");
  private static final Block NAT64 = v6("64:ff9b::", 96, "a NAT64 address");
  private static final Block SIX_TO_FOUR = v6("2002::", 16, "a 6to4 address");
  private static final Block GLOBAL_UNICAST = v6("2000::", 3, "a global unicast address");

  private Destinations() {}

  /** The URL taken apart; an IllegalArgumentException says why it is no webhook URL (an absolute http or https URL with a host). */
  public static Target target(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("an absolute http or https URL is required");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawAuthority() == null) {
      throw new IllegalArgumentException("an absolute http or https URL with a host is required");
    }
    boolean https = scheme.equals("https");
    String authority = uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1);
    int portFrom = authority.lastIndexOf(':');
    if (portFrom < authority.lastIndexOf(']')) portFrom = -1;
    String host = hostOf(portFrom < 0 ? authority : authority.substring(0, portFrom));
    int port = portFrom < 0 || portFrom == authority.length() - 1 ? (https ? 443 : 80) : port(authority.substring(portFrom + 1));
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new Target(https, host, port, uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
  }

  /**
   * The host as a delivery resolves it, read from the authority itself (java.net.URI gives no host for "127.1" or
   * an international name): lower case, without IPv6 brackets nor a final dot, an international name in ASCII.
   */
  private static String hostOf(String raw) {
    String host = raw.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) return host.substring(1, host.length() - 1);
    while (host.endsWith(".")) host = host.substring(0, host.length() - 1);
    if (host.isEmpty() || host.contains("%") || host.contains("[") || host.contains("]")) {
      throw new IllegalArgumentException("the URL's host '" + raw + "' is not a host name or an address");
    }
    try {
      return IDN.toASCII(host).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the URL's host '" + raw + "' is not a host name or an address");
    }
  }

  private static int port(String digits) {
    int port = digits.chars().allMatch(c -> c >= '0' && c <= '9') && digits.length() <= 5 ? Integer.parseInt(digits) : -1;
    if (port < 1 || port > 65_535) throw new IllegalArgumentException("the URL's port '" + digits + "' is not a port (1 to 65535)");
    return port;
  }

  /**
   * Why a delivery may not go to the URL as it is written, or empty where it may (a name is checked again once
   * resolved, at each delivery): a host that is an address not public, or a name reserved for this machine.
   */
  public static Optional<String> refusal(Target target) {
    String host = target.host();
    if (host.equals("localhost") || host.endsWith(".localhost")) return Optional.of(host + " is this machine (a loopback name)");
    Optional<InetAddress> literal = target.literal();
    if (literal.isEmpty() && host.contains(":")) return Optional.of(host + " is not a valid IPv6 address");
    if (literal.isEmpty() && endsInANumber(host)) return Optional.of(host + " is not a valid IPv4 address");
    return literal.flatMap(address -> refusal(address).map(why -> host + " is " + why));
  }

  /** Why no delivery may go to the address, or empty where it is public. */
  public static Optional<String> refusal(InetAddress address) {
    byte[] bytes = address.getAddress();
    for (Block block : NOT_PUBLIC) {
      if (block.holds(bytes)) return Optional.of(block.what());
    }
    // (an IPv4-mapped address is an Inet4Address already: the JDK makes one of it however it is read)
    if (address instanceof Inet6Address) {
      for (Block carrier : List.of(COMPATIBLE, NAT64, SIX_TO_FOUR)) {
        if (carrier.holds(bytes)) {
          return refusal(ipv4(bytes, carrier == SIX_TO_FOUR ? 2 : 12)).map(why -> why + " inside " + carrier.what());
        }
      }
      if (!GLOBAL_UNICAST.holds(bytes)) return Optional.of("not a global unicast address");
    }
    return Optional.empty();
  }

  /**
   * The address a host gives literally: an IPv6 address, or an IPv4 address in any of the forms a browser reads
   * (WHATWG URL: one to four parts, each decimal, octal with a leading 0, or hexadecimal with 0x); empty for a name.
   */
  static Optional<InetAddress> literalAddress(String host) {
    try {
      if (host.contains(":")) return Optional.of(InetAddress.getByName("[" + host + "]"));
      if (!endsInANumber(host)) return Optional.empty();
      String[] parts = host.split("\\.", -1);
      if (parts.length > 4) return Optional.empty();
      long[] numbers = new long[parts.length];
      for (int i = 0; i < parts.length; i++) {
        numbers[i] = number(parts[i]);
        if (numbers[i] < 0 || i < parts.length - 1 && numbers[i] > 255) return Optional.empty();
      }
      long last = numbers[parts.length - 1];
      if (last >= 1L << (8 * (5 - parts.length))) return Optional.empty();
      long value = last;
      for (int i = 0; i < parts.length - 1; i++) value += numbers[i] << (8 * (3 - i));
      return Optional.of(InetAddress.getByAddress(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value}));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** WHATWG's "ends in a number": the last label is digits, or 0x and hex digits; such a host is an IPv4 address or invalid. */
  private static boolean endsInANumber(String host) {
    String[] labels = host.split("\\.", -1);
    String last = labels[labels.length - 1];
    if (last.isEmpty() && labels.length > 1) last = labels[labels.length - 2];
    return !last.isEmpty() && (last.chars().allMatch(c -> c >= '0' && c <= '9') || last.matches("0[xX][0-9a-fA-F]*"));
  }

  /** One part of an IPv4 address in decimal, octal (leading 0) or hexadecimal (0x), or -1. */
  private static long number(String part) {
    try {
      if (part.isEmpty()) return -1;
      if (part.startsWith("0x") || part.startsWith("0X")) return part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
      if (part.length() > 1 && part.startsWith("0")) return Long.parseLong(part.substring(1), 8);
      return Long.parseLong(part);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static InetAddress ipv4(byte[] bytes, int from) {
    try {
      return Inet4Address.getByAddress(new byte[] {bytes[from], bytes[from + 1], bytes[from + 2], bytes[from + 3]});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Block v4(String address, int bits, String what) {
    return block(address, bits, what);
  }

  private static Block v6(String address, int bits, String what) {
    return block(address, bits, what);
  }

  private static Block block(String address, int bits, String what) {
    try {
      return new Block(InetAddress.getByName(address).getAddress(), bits, what);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
