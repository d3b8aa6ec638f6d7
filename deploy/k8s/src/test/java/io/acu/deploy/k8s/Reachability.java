package io.acu.deploy.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether one endpoint may open a connection to another under a namespace's NetworkPolicies, by the rules of
 * networking.k8s.io/v1: a pod selected by no policy of a direction is open in that direction; a pod selected by
 * some is open only to what one of their rules allows; a connection needs the source's egress and the
 * destination's ingress. Only the policies of the acu namespace exist here (peers elsewhere are treated as open).
 */
final class Reachability {

    /**
     * One end of a connection.
     *
     * @param namespace the namespace's name (its {@code kubernetes.io/metadata.name} label)
     * @param podLabels the pod's labels
     * @param ip the pod's address, for ipBlock rules
     * @param namedPorts the pod's container ports by name, for rules that name a port
     */
    record Endpoint(String namespace, Map<String, String> podLabels, String ip, Map<String, Integer> namedPorts) {
    }

    private final String namespace;
    private final List<NetworkPolicy> policies;

    /**
     * @param namespace the namespace the policies and acu's pods are in
     * @param policies the NetworkPolicies of that namespace
     */
    Reachability(String namespace, List<NetworkPolicy> policies) {
        this.namespace = namespace;
        this.policies = policies;
    }

    /** Whether {@code from} may connect to {@code to} on that port and protocol (TCP or UDP). */
    boolean allows(Endpoint from, Endpoint to, int port, String protocol) {
        return egressAllows(from, to, port, protocol) && ingressAllows(from, to, port, protocol);
    }

    private boolean egressAllows(Endpoint from, Endpoint to, int port, String protocol) {
        if (!namespace.equals(from.namespace())) {
            return true;
        }
        List<NetworkPolicy> selecting = selecting(from, "Egress");
        return selecting.isEmpty() || selecting.stream()
                .flatMap(p -> Optional.ofNullable(p.getSpec().getEgress()).orElse(List.of()).stream())
                .anyMatch(rule -> peersMatch(rule.getTo(), to) && portsMatch(rule.getPorts(), to, port, protocol));
    }

    private boolean ingressAllows(Endpoint from, Endpoint to, int port, String protocol) {
        if (!namespace.equals(to.namespace())) {
            return true;
        }
        List<NetworkPolicy> selecting = selecting(to, "Ingress");
        return selecting.isEmpty() || selecting.stream()
                .flatMap(p -> Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of()).stream())
                .anyMatch(rule -> peersMatch(rule.getFrom(), from) && portsMatch(rule.getPorts(), to, port, protocol));
    }

    private List<NetworkPolicy> selecting(Endpoint pod, String direction) {
        return policies.stream()
                .filter(p -> policyTypes(p).contains(direction))
                .filter(p -> matches(p.getSpec().getPodSelector(), pod.podLabels()))
                .toList();
    }

    /** policyTypes as the API server defaults them: Ingress always, Egress when egress rules are present. */
    private static List<String> policyTypes(NetworkPolicy policy) {
        List<String> types = policy.getSpec().getPolicyTypes();
        if (types != null && !types.isEmpty()) {
            return types;
        }
        return policy.getSpec().getEgress() == null || policy.getSpec().getEgress().isEmpty()
                ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    private boolean peersMatch(List<NetworkPolicyPeer> peers, Endpoint other) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        return peers.stream().anyMatch(peer -> peerMatches(peer, other));
    }

    private boolean peerMatches(NetworkPolicyPeer peer, Endpoint other) {
        if (peer.getIpBlock() != null) {
            return inBlock(other.ip(), peer.getIpBlock());
        }
        boolean namespaceOk = peer.getNamespaceSelector() == null
                ? namespace.equals(other.namespace())
                : matches(peer.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", other.namespace()));
        boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), other.podLabels());
        return namespaceOk && podOk;
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, Endpoint to, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        return ports.stream().anyMatch(p -> {
            String ruleProtocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
            if (!ruleProtocol.equals(protocol)) {
                return false;
            }
            IntOrString rulePort = p.getPort();
            if (rulePort == null) {
                return true;
            }
            if (rulePort.getIntVal() != null) {
                int end = p.getEndPort() == null ? rulePort.getIntVal() : p.getEndPort();
                return port >= rulePort.getIntVal() && port <= end;
            }
            Integer named = to.namedPorts().get(rulePort.getStrVal());
            return named != null && named == port;
        });
    }

    /** Label selector semantics: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist) all hold. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        for (LabelSelectorRequirement r : Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of())) {
            String value = labels.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> value != null && r.getValues().contains(value);
                case "NotIn" -> value == null || !r.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("unknown selector operator " + r.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean inBlock(String ip, IPBlock block) {
        if (ip == null) {
            return false;
        }
        return inCidr(ip, block.getCidr())
                && Optional.ofNullable(block.getExcept()).orElse(List.of()).stream().noneMatch(e -> inCidr(ip, e));
    }

    private static boolean inCidr(String ip, String cidr) {
        try {
            String[] parts = cidr.split("/");
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] address = InetAddress.getByName(ip).getAddress();
            if (network.length != address.length) {
                return false;
            }
            int bits = Integer.parseInt(parts[1]);
            int total = network.length * 8;
            BigInteger mask = bits == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftLeft(total - bits);
            return new BigInteger(1, network).and(mask).equals(new BigInteger(1, address).and(mask));
        } catch (UnknownHostException e) {
            throw new AssertionError("not an address: " + e.getMessage());
        }
    }
}
