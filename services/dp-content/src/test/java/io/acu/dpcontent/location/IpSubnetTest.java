package io.acu.dpcontent.location;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CIDR boundaries: literals only, never DNS. */
class IpSubnetTest {

    @Test
    void anIpv4SubnetContainsItsAddressesOnly() {
        IpSubnet hq = IpSubnet.parse("10.1.7.9/16").orElseThrow();

        assertThat(hq).hasToString("10.1.0.0/16");
        assertThat(hq.contains(IpSubnet.address("10.1.0.1").orElseThrow())).isTrue();
        assertThat(hq.contains(IpSubnet.address("10.1.255.254").orElseThrow())).isTrue();
        assertThat(hq.contains(IpSubnet.address("10.2.0.1").orElseThrow())).isFalse();
        assertThat(hq.contains(IpSubnet.address("fd00::1").orElseThrow())).isFalse();
        assertThat(IpSubnet.parse("192.168.3.17/27").orElseThrow().contains(IpSubnet.address("192.168.3.31").orElseThrow())).isTrue();
        assertThat(IpSubnet.parse("192.168.3.17/27").orElseThrow().contains(IpSubnet.address("192.168.3.32").orElseThrow())).isFalse();
        assertThat(IpSubnet.parse("0.0.0.0/0").orElseThrow().contains(IpSubnet.address("8.8.8.8").orElseThrow())).isTrue();
        assertThat(IpSubnet.parse("10.1.2.3").orElseThrow()).hasToString("10.1.2.3/32");
    }

    @Test
    void anIpv6SubnetContainsItsAddressesOnly() {
        IpSubnet branch = IpSubnet.parse("fd00:1:2::/48").orElseThrow();

        assertThat(branch.prefixLength()).isEqualTo(48);
        assertThat(branch.contains(IpSubnet.address("fd00:1:2:ffff::5").orElseThrow())).isTrue();
        assertThat(branch.contains(IpSubnet.address("fd00:1:3::5").orElseThrow())).isFalse();
        assertThat(branch.contains(IpSubnet.address("10.1.2.3").orElseThrow())).isFalse();
    }

    @Test
    void namesAndMalformedSubnetsAreNotSubnets() {
        for (String text : new String[] {"BG-HQ", "HQ", "localhost", "example.com", "10.1.0.0/33", "10.1.0.256/16", "10.1.0/16",
                "fd00::/129", "10.1.0.0/-1", "10.1.0.0/", ".a:b", "cafe", "dead:beef:zz::1"}) {
            assertThat(IpSubnet.parse(text)).as(text).isEmpty();
        }
        assertThat(IpSubnet.address("localhost")).isEmpty();
        assertThat(IpSubnet.address("999.1.1.1")).isEmpty();
    }
}
