package io.acu.dpcontent.location;

import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.DistributionState;
import io.acu.dpcontent.core.DistributionStatus;
import io.acu.dpcontent.directory.DistributionPoint;
import io.acu.formats.PackageId;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The location reply: the boundary group's own DPs with the version INSTALLED, or else every such DP as fallback. */
class ContentLocationsTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final PackageId CAS00006 = PackageId.parse("CAS00006");

    private final DistributionPoint dp01 = dp("dp01", "http://127.0.0.1:8082", List.of("BG-HQ", "10.1.0.0/16"), true);
    private final DistributionPoint dp02 = dp("dp02", "http://dp02.contoso.com/", List.of("BG-Branch", "10.2.0.0/16"), true);
    private final DistributionPoint dp03 = dp("dp03", "http://dp03", List.of("BG-HQ"), false);
    private final List<DistributionPoint> directory = List.of(dp02, dp01, dp03);

    private static DistributionPoint dp(String name, String clientUrl, List<String> boundaryGroups, boolean enabled) {
        return new DistributionPoint(name, URI.create("http://" + name + ":8082"), URI.create(clientUrl), boundaryGroups, enabled);
    }

    private static DistributionStatus status(String dp, int version, DistributionState state) {
        return new DistributionStatus("CAS00006", version, dp, state, 1, 0, null, T0, null);
    }

    private static ContentLocations.Request byGroup(String group) {
        return new ContentLocations.Request(CAS00006, OptionalInt.empty(), Optional.of(group), Optional.empty());
    }

    @Test
    void theBoundaryGroupsOwnDpWithTheHighestInstalledVersion() {
        List<DistributionStatus> statuses = List.of(status("dp01", 4, DistributionState.INSTALLED), status("dp01", 5, DistributionState.INSTALLED),
                status("dp02", 5, DistributionState.INSTALLED), status("dp02", 6, DistributionState.INSTALL_RETRYING));

        ContentLocations.Reply reply = ContentLocations.locate(byGroup("BG-HQ"), directory, statuses).orElseThrow();

        assertThat(reply.packageId()).isEqualTo("CAS00006");
        assertThat(reply.packageVersion()).isEqualTo(5);
        assertThat(reply.boundaryGroup()).isEqualTo("BG-HQ");
        assertThat(reply.locations()).containsExactly(
                new ContentLocations.Location("dp01", "http://127.0.0.1:8082/SMS_DP_SMSPKG$/CAS00006.5/", false));
        assertThat(ContentLocations.locate(byGroup("bg-branch"), directory, statuses).orElseThrow().locations()).containsExactly(
                new ContentLocations.Location("dp02", "http://dp02.contoso.com/SMS_DP_SMSPKG$/CAS00006.5/", false));
    }

    @Test
    void withoutADpInItsBoundaryGroupTheClientGetsEveryDpWithTheContentAsFallback() {
        List<DistributionStatus> statuses = List.of(status("dp01", 5, DistributionState.INSTALLED), status("dp02", 5, DistributionState.INSTALLED));

        ContentLocations.Reply reply = ContentLocations.locate(byGroup("BG-Lab"), directory, statuses).orElseThrow();

        assertThat(reply.locations()).extracting(ContentLocations.Location::distributionPoint).containsExactly("dp01", "dp02");
        assertThat(reply.locations()).allMatch(ContentLocations.Location::fallback);
        // dp02 is the branch's own DP but lacks the version: HQ's dp01 serves the branch as fallback.
        List<DistributionStatus> onlyHq = List.of(status("dp01", 5, DistributionState.INSTALLED), status("dp02", 5, DistributionState.INSTALL_FAILED));
        assertThat(ContentLocations.locate(byGroup("BG-Branch"), directory, onlyHq).orElseThrow().locations()).containsExactly(
                new ContentLocations.Location("dp01", "http://127.0.0.1:8082/SMS_DP_SMSPKG$/CAS00006.5/", true));
    }

    @Test
    void theClientsAddressMatchesACidrBoundary() {
        List<DistributionStatus> statuses = List.of(status("dp01", 5, DistributionState.INSTALLED), status("dp02", 5, DistributionState.INSTALLED));
        ContentLocations.Request branchClient = new ContentLocations.Request(CAS00006, OptionalInt.empty(), Optional.of("BG-Unknown"),
                IpSubnet.address("10.2.44.7"));

        ContentLocations.Reply reply = ContentLocations.locate(branchClient, directory, statuses).orElseThrow();

        assertThat(reply.locations()).containsExactly(new ContentLocations.Location("dp02", "http://dp02.contoso.com/SMS_DP_SMSPKG$/CAS00006.5/", false));
        ContentLocations.Request addressOnly = new ContentLocations.Request(CAS00006, OptionalInt.empty(), Optional.empty(), IpSubnet.address("10.1.0.9"));
        ContentLocations.Reply hq = ContentLocations.locate(addressOnly, directory, statuses).orElseThrow();
        assertThat(hq.boundaryGroup()).isNull();
        assertThat(hq.locations()).extracting(ContentLocations.Location::distributionPoint).containsExactly("dp01");
    }

    @Test
    void anExplicitVersionIsLocatedEvenIfNewerOnesExist() {
        List<DistributionStatus> statuses = List.of(status("dp01", 4, DistributionState.INSTALLED), status("dp01", 5, DistributionState.INSTALLED),
                status("dp02", 5, DistributionState.INSTALLED));
        ContentLocations.Request v4 = new ContentLocations.Request(CAS00006, OptionalInt.of(4), Optional.of("BG-Branch"), Optional.empty());

        ContentLocations.Reply reply = ContentLocations.locate(v4, directory, statuses).orElseThrow();

        assertThat(reply.packageVersion()).isEqualTo(4);
        assertThat(reply.locations()).containsExactly(new ContentLocations.Location("dp01", "http://127.0.0.1:8082/SMS_DP_SMSPKG$/CAS00006.4/", true));
        ContentLocations.Request v9 = new ContentLocations.Request(CAS00006, OptionalInt.of(9), Optional.of("BG-HQ"), Optional.empty());
        assertThat(ContentLocations.locate(v9, directory, statuses).orElseThrow().locations()).isEmpty();
    }

    @Test
    void disabledUnknownAndNotInstalledDpsAreNeverOffered() {
        // dp03 is disabled, "dp09" is not in the directory, dp02 is still retrying: nothing INSTALLED on an enabled DP.
        List<DistributionStatus> statuses = List.of(status("dp03", 7, DistributionState.INSTALLED), status("dp09", 7, DistributionState.INSTALLED),
                status("dp02", 7, DistributionState.INSTALL_RETRYING),
                new DistributionStatus("CAS00007", 7, "dp01", DistributionState.INSTALLED, 1, 0, null, T0, null));

        assertThat(ContentLocations.locate(byGroup("BG-HQ"), directory, statuses)).isEmpty();
        assertThat(ContentLocations.locate(byGroup("BG-HQ"), directory, List.of())).isEmpty();
    }
}
