package io.acu.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    /** The ingress controller's pods and a second proxy layer (an on-premises load balancer). */
    private static final ClientAddresses BEHIND_INGRESS = new ClientAddresses(List.of("10.42.0.0/16", "192.0.2.10", "fd00::/8"));

    @Test
    void fromATrustedProxyTheRightMostUntrustedForwardedAddressIsTheClient() {
        assertThat(BEHIND_INGRESS.resolve("10.42.3.7", "198.51.100.23")).isEqualTo("198.51.100.23");
        // Through the load balancer, then the ingress: both trusted hops are skipped.
        assertThat(BEHIND_INGRESS.resolve("10.42.3.7", "198.51.100.23, 192.0.2.10")).isEqualTo("198.51.100.23");
        // A client that forges the header gets its forgery ignored: the ingress appended its real address.
        assertThat(BEHIND_INGRESS.resolve("10.42.3.7", "203.0.113.99, 198.51.100.23")).isEqualTo("198.51.100.23");
        assertThat(BEHIND_INGRESS.resolve("fd00::12", "2001:db8::7")).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void fromAnyOtherPeerTheHeaderIsIgnored() {
        assertThat(BEHIND_INGRESS.resolve("198.51.100.23", "203.0.113.99")).isEqualTo("198.51.100.23");
        assertThat(ClientAddresses.NO_PROXIES.resolve("10.42.3.7", "203.0.113.99")).isEqualTo("10.42.3.7");
        assertThat(BEHIND_INGRESS.resolve("10.42.3.7", null)).isEqualTo("10.42.3.7");
    }

    @Test
    void aMalformedEntryEndsTheWalkAndAllTrustedGivesTheLeftMost() {
        assertThat(BEHIND_INGRESS.resolve("10.42.3.7", "bob, 10.42.9.9")).isEqualTo("10.42.9.9");
        assertThat(BEHIND_INGRESS.resolve("10.42.3.7", "unknown")).isEqualTo("10.42.3.7");
        assertThat(BEHIND_INGRESS.resolve("10.42.3.7", "10.42.1.1, 10.42.2.2")).isEqualTo("10.42.1.1");
    }

    @Test
    void aNetworkThatIsNotACidrIsRefused() {
        assertThatThrownBy(() -> new ClientAddresses(List.of("ingress.local"))).hasMessageContaining("'ingress.local' is not an IP address or CIDR");
        assertThatThrownBy(() -> new ClientAddresses(List.of("10.0.0.0/33"))).hasMessageContaining("prefix length must be 0..32");
    }
}
