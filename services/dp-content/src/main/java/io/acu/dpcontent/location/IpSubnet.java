package io.acu.dpcontent.location;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IP subnet in CIDR notation ({@code 10.1.0.0/16}, {@code fd00:1::/64}), as a ConfigMgr boundary of type "IP
 * subnet" or "IP address range" names the clients it covers. Only address literals are accepted: nothing here ever
 * asks DNS.
 *
 * @param network the network address, host bits cleared
 * @param prefixLength leading bits that must match, 0–32 (IPv4) or 0–128 (IPv6)
 */
public record IpSubnet(InetAddress network, int prefixLength) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Starts with a hex digit or ':' and has a ':', which makes InetAddress read it as an IPv6 literal or refuse it. */
    private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    /**
     * Reads a CIDR subnet.
     *
     * @param text e.g. {@code 10.1.0.0/16}; a plain address is a subnet of that one host
     * @return the subnet, or empty if {@code text} is not an IP literal with an optional {@code /prefix} in range (a
     *     boundary group name such as {@code BG-HQ}, for instance)
     */
    public static Optional<IpSubnet> parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        Optional<InetAddress> address = address(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int bits = address.get().getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String digits = trimmed.substring(slash + 1);
            if (!digits.matches("\\d{1,3}") || Integer.parseInt(digits) > bits) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(digits);
        }
        byte[] network = address.get().getAddress();
        mask(network, prefix);
        try {
            return Optional.of(new IpSubnet(InetAddress.getByAddress(network), prefix));
        } catch (UnknownHostException e) {
            return Optional.empty(); // cannot happen: the length came from a real address
        }
    }

    /**
     * Reads an IP address literal, without DNS.
     *
     * @param text e.g. {@code 10.1.2.3} or {@code fd00::5}
     * @return the address, or empty if {@code text} is not an IPv4 or IPv6 literal
     */
    public static Optional<InetAddress> address(String text) {
        String trimmed = text.trim();
        try {
            if (IPV4.matcher(trimmed).matches()) {
                byte[] octets = new byte[4];
                String[] parts = trimmed.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    octets[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(octets));
            }
            // Only IPv6 literals reach getByName: it would resolve anything else as a host name.
            return IPV6.matcher(trimmed).matches() ? Optional.of(InetAddress.getByName(trimmed)) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * @param address a client's address
     * @return whether it lies in this subnet (an IPv4 address is never in an IPv6 subnet, nor the reverse)
     */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.getAddress().length) {
            return false;
        }
        mask(candidate, prefixLength);
        return Arrays.equals(candidate, network.getAddress());
    }

    private static void mask(byte[] bytes, int prefixLength) {
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
            bytes[i] &= (byte) (0xFF << (8 - keep));
        }
    }

    /** @return CIDR notation, e.g. {@code 10.1.0.0/16} */
    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
