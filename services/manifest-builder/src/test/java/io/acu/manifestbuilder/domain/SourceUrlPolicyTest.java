package io.acu.manifestbuilder.domain;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.manifestbuilder.domain.HotfixRejectedException.Kind;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which sourceUrls are fetched: under an allowed base, never towards link-local or metadata addresses. */
class SourceUrlPolicyTest {

    /** DNS as the test wants it: patches.contoso.com is a public address, rebind.contoso.com the metadata service. */
    private static final Map<String, String> DNS = Map.of(
            "patches.contoso.com", "203.0.113.10",
            "rebind.contoso.com", "169.254.169.254",
            "v6.contoso.com", "fe80::1",
            "ec2.contoso.com", "fd00:ec2::254");

    private final SourceUrlPolicy policy = new SourceUrlPolicy(List.of("https://patches.contoso.com/feed", "http://rebind.contoso.com/",
            "http://v6.contoso.com:8080/", "http://ec2.contoso.com/", "http://169.254.169.254/latest/"), SourceUrlPolicyTest::resolve);

    @Test
    void aUrlUnderAnAllowedBaseIsFetched() {
        assertThatCode(() -> check("https://patches.contoso.com/feed/KB2907566/SCEPInstall.exe")).doesNotThrowAnyException();
        assertThatCode(() -> check("https://PATCHES.contoso.com:443/feed/./x/../SCEPInstall.exe?sig=abc")).doesNotThrowAnyException();
    }

    @Test
    void aUrlOutsideEveryAllowedBaseIsRefusedNamingTheBases() {
        refused("https://patches.contoso.com/feedback/SCEPInstall.exe", Kind.INVALID, "SCEPInstall.exe: sourceUrl"
                + " https://patches.contoso.com/feedback/SCEPInstall.exe is not under an allowed base URL (acu.hotfix-source.allowed-base-urls:"
                + " [https://patches.contoso.com/feed/, http://rebind.contoso.com/, http://v6.contoso.com:8080/, http://ec2.contoso.com/,"
                + " http://169.254.169.254/latest/])");
        refusedStartingWith("https://patches.contoso.com/feed/../admin/SCEPInstall.exe", "SCEPInstall.exe: sourceUrl"
                + " https://patches.contoso.com/feed/../admin/SCEPInstall.exe is not under an allowed base URL");
        refusedStartingWith("https://patches.contoso.com/feed/%2e%2e/admin", "SCEPInstall.exe: sourceUrl"
                + " https://patches.contoso.com/feed/%2e%2e/admin is not under an allowed base URL");
        refusedStartingWith("http://patches.contoso.com/feed/SCEPInstall.exe", "SCEPInstall.exe: sourceUrl"
                + " http://patches.contoso.com/feed/SCEPInstall.exe is not under an allowed base URL");
        refusedStartingWith("https://patches.contoso.com:8443/feed/SCEPInstall.exe", "SCEPInstall.exe: sourceUrl"
                + " https://patches.contoso.com:8443/feed/SCEPInstall.exe is not under an allowed base URL");
        refusedStartingWith("http://10.0.0.5/feed/SCEPInstall.exe", "SCEPInstall.exe: sourceUrl"
                + " http://10.0.0.5/feed/SCEPInstall.exe is not under an allowed base URL");
    }

    @Test
    void withoutAllowedBasesNothingIsFetched() {
        SourceUrlPolicy none = SourceUrlPolicy.of(List.of());
        assertThatThrownBy(() -> none.check("SCEPInstall.exe", URI.create("https://patches.contoso.com/feed/SCEPInstall.exe")))
                .isInstanceOf(HotfixRejectedException.class).hasMessage("SCEPInstall.exe: sourceUrl"
                        + " https://patches.contoso.com/feed/SCEPInstall.exe is not under an allowed base URL; none is configured"
                        + " (acu.hotfix-source.allowed-base-urls)");
    }

    @Test
    void theResolvedAddressIsCheckedEvenUnderAnAllowedBase() {
        refused("http://rebind.contoso.com/x.exe", Kind.INVALID, "SCEPInstall.exe: sourceUrl http://rebind.contoso.com/x.exe resolves to"
                + " 169.254.169.254, a link-local, cloud metadata or wildcard address");
        refused("http://169.254.169.254/latest/meta-data/", Kind.INVALID, "SCEPInstall.exe: sourceUrl http://169.254.169.254/latest/meta-data/"
                + " resolves to 169.254.169.254, a link-local, cloud metadata or wildcard address");
        refused("http://v6.contoso.com:8080/x.exe", Kind.INVALID, "SCEPInstall.exe: sourceUrl http://v6.contoso.com:8080/x.exe resolves to"
                + " fe80:0:0:0:0:0:0:1, a link-local, cloud metadata or wildcard address");
        refused("http://ec2.contoso.com/x.exe", Kind.INVALID, "SCEPInstall.exe: sourceUrl http://ec2.contoso.com/x.exe resolves to"
                + " fd00:ec2:0:0:0:0:0:254, a link-local, cloud metadata or wildcard address");
    }

    @Test
    void metadataNamesSchemesAndCredentialsAreRefused() {
        refused("http://metadata.google.internal/computeMetadata/v1/", Kind.INVALID,
                "SCEPInstall.exe: sourceUrl http://metadata.google.internal/computeMetadata/v1/ names a cloud metadata service");
        refused("file:///etc/passwd", Kind.INVALID, "SCEPInstall.exe: sourceUrl must be http or https, not 'file:///etc/passwd'");
        refused("https://user:pw@patches.contoso.com/feed/x.exe", Kind.INVALID, "SCEPInstall.exe: sourceUrl must not carry user information");
    }

    @Test
    void anUnresolvableHostIsUnprocessable() {
        SourceUrlPolicy unresolvable = new SourceUrlPolicy(List.of("https://gone.contoso.com/"), host -> {
            throw new UnknownHostException(host);
        });
        assertThatThrownBy(() -> unresolvable.check("SCEPInstall.exe", URI.create("https://gone.contoso.com/x.exe")))
                .hasMessage("SCEPInstall.exe: cannot resolve the host of https://gone.contoso.com/x.exe: gone.contoso.com")
                .extracting(e -> ((HotfixRejectedException) e).kind()).isEqualTo(Kind.UNPROCESSABLE);
    }

    @Test
    void aBadBaseUrlFailsTheStart() {
        assertThatThrownBy(() -> SourceUrlPolicy.of(List.of("ftp://patches.contoso.com/"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("acu.hotfix-source.allowed-base-urls: 'ftp://patches.contoso.com/' must be an http(s) URL with a host and no"
                        + " user information, query or fragment");
    }

    private void check(String url) {
        policy.check("SCEPInstall.exe", URI.create(url));
    }

    private void refused(String url, Kind kind, String reason) {
        assertThatThrownBy(() -> check(url)).isInstanceOf(HotfixRejectedException.class).hasMessage(reason)
                .extracting(e -> ((HotfixRejectedException) e).kind()).isEqualTo(kind);
    }

    private void refusedStartingWith(String url, String reason) {
        assertThatThrownBy(() -> check(url)).isInstanceOf(HotfixRejectedException.class).hasMessageStartingWith(reason);
    }

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = DNS.getOrDefault(host.toLowerCase(java.util.Locale.ROOT), host);
        return new InetAddress[] {InetAddress.getByName(address)}; // literals only: no lookup
    }
}
