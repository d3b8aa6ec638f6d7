package io.acu.intake;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The address of the client behind an intake's reverse proxies (the Kubernetes ingress), for the per-address throttle
 * and the stored {@code remote_address}. {@code X-Forwarded-For} is believed only when the connection comes from a
 * configured proxy network, and then read from the right: each proxy appends the address it received the request
 * from, so the right-most address that is not itself a trusted proxy is the client (entries further left were written
 * by the client and can be anything). An entry that is not an IP literal ends the walk at the last address read. With
 * no proxy networks configured the header is ignored and the peer address is the client's.
 *
 * <p>Thread-safe and immutable.
 */
public final class ClientAddresses {

    /** Trusts no proxy: the peer address is the client's. */
    public static final ClientAddresses NO_PROXIES = new ClientAddresses(List.of());

    private final List<IpSubnetFilterRule> trustedProxies;

    /**
     * @param trustedProxyNetworks the networks of the proxies in front of the intake, each a CIDR such as
     *     {@code 10.42.0.0/16} or {@code fd00::/8}, or a single address
     * @throws IllegalArgumentException for an entry that is neither
     */
    public ClientAddresses(List<String> trustedProxyNetworks) {
        this.trustedProxies = trustedProxyNetworks.stream().map(String::strip).filter(s -> !s.isEmpty()).map(ClientAddresses::network).toList();
    }

    private static IpSubnetFilterRule network(String cidr) {
        String[] parts = cidr.split("/", 2);
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(parts[0]);
        if (address == null) {
            throw new IllegalArgumentException("trusted proxy network '" + cidr + "' is not an IP address or CIDR");
        }
        int maxPrefix = address.getAddress().length * 8;
        int prefix;
        try {
            prefix = parts.length == 1 ? maxPrefix : Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("trusted proxy network '" + cidr + "' has no valid prefix length", e);
        }
        if (prefix < 0 || prefix > maxPrefix) {
            throw new IllegalArgumentException("trusted proxy network '" + cidr + "': prefix length must be 0.." + maxPrefix);
        }
        return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
    }

    /**
     * @param peerAddress the address the connection comes from, e.g. {@code 10.42.3.7}
     * @param forwardedFor the {@code X-Forwarded-For} header (comma-separated addresses, client first), may be null
     * @return the client's address as text: {@code peerAddress} unless it is a trusted proxy, else the right-most
     *     forwarded address that is not a trusted proxy (or the left-most, when all are)
     */
    public String resolve(String peerAddress, String forwardedFor) {
        if (forwardedFor == null || forwardedFor.isBlank() || !trusted(peerAddress)) {
            return peerAddress;
        }
        String client = peerAddress;
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = NetUtil.createInetAddressFromIpAddressString(hops[i].strip());
            if (hop == null) {
                return client; // not an address: nothing left of it can be believed
            }
            client = hop.getHostAddress();
            if (!trusted(hop)) {
                return client;
            }
        }
        return client;
    }

    private boolean trusted(String address) {
        InetAddress parsed = address == null ? null : NetUtil.createInetAddressFromIpAddressString(address);
        return parsed != null && trusted(parsed);
    }

    private boolean trusted(InetAddress address) {
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        for (IpSubnetFilterRule network : trustedProxies) {
            if (network.matches(socket)) {
                return true;
            }
        }
        return false;
    }
}
