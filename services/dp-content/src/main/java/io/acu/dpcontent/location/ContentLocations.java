package io.acu.dpcontent.location;

import io.acu.contracts.DistributionState;
import io.acu.dpcontent.core.DistributionStatus;
import io.acu.dpcontent.directory.DistributionPoint;
import io.acu.dpcontent.point.ContentRequestPath;
import io.acu.formats.PackageId;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where a client should download a package from: ConfigMgr's management point location reply. The client names its
 * boundary group (and may give its IP address); the reply lists the enabled distribution points that have the package
 * version INSTALLED and serve that boundary group (by name, or by a CIDR subnet containing the client's address). When
 * none does, every enabled DP with the version INSTALLED is offered, marked {@code fallback} (ConfigMgr's fallback
 * source location: a client may use it when its own boundary group has no DP with the content).
 */
public final class ContentLocations {

    private ContentLocations() {
    }

    /**
     * What a client asks.
     *
     * @param packageId the package, e.g. {@code CAS00006}
     * @param version the package version wanted; empty for the highest one INSTALLED on an enabled DP
     * @param boundaryGroup the client's boundary group name, e.g. {@code BG-HQ}; empty if it only gives its address
     * @param clientIp the client's address, matched against the DPs' CIDR boundaries; empty if not given
     */
    public record Request(PackageId packageId, OptionalInt version, Optional<String> boundaryGroup, Optional<InetAddress> clientIp) {
        /** Checks the fields. */
        public Request {
            Objects.requireNonNull(packageId, "packageId");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(boundaryGroup, "boundaryGroup");
            Objects.requireNonNull(clientIp, "clientIp");
        }
    }

    /**
     * One place to download from.
     *
     * @param distributionPoint the DP's name, e.g. {@code dp01}
     * @param url the package version's folder on the DP: its client URL + {@code /SMS_DP_SMSPKG$/<id>.<version>/}
     * @param fallback true when the DP does not serve the client's boundary group (a fallback source location)
     */
    public record Location(String distributionPoint, String url, boolean fallback) {
    }

    /**
     * The location reply.
     *
     * @param packageId the package
     * @param packageVersion the version the locations have INSTALLED
     * @param boundaryGroup the boundary group asked for, or null when only an address was given
     * @param locations the DPs by name: the boundary group's own, or else every enabled one as fallback; empty when no
     *     enabled DP has this version INSTALLED
     */
    public record Reply(String packageId, int packageVersion, String boundaryGroup, List<Location> locations) {
        /** Copies the list. */
        public Reply {
            locations = List.copyOf(locations);
        }
    }

    /**
     * Answers a location request.
     *
     * @param request what the client asks
     * @param distributionPoints every known DP (disabled ones are never offered)
     * @param statuses the package's per-DP statuses, any version and state (only INSTALLED ones count)
     * @return the reply; empty when no enabled DP has any version of the package INSTALLED (nothing to offer)
     */
    public static Optional<Reply> locate(Request request, Collection<DistributionPoint> distributionPoints,
                                         Collection<DistributionStatus> statuses) {
        Map<String, DistributionPoint> enabled = distributionPoints.stream().filter(DistributionPoint::enabled)
                .collect(Collectors.toMap(DistributionPoint::name, Function.identity(), (a, b) -> a));
        String packageId = request.packageId().toString();
        List<DistributionStatus> installed = statuses.stream()
                .filter(s -> s.packageId().equals(packageId) && s.state() == DistributionState.INSTALLED)
                .filter(s -> enabled.containsKey(s.distributionPoint()))
                .toList();
        if (installed.isEmpty()) {
            return Optional.empty();
        }
        int version = request.version().orElseGet(() -> installed.stream().mapToInt(DistributionStatus::packageVersion).max().orElseThrow());
        List<DistributionPoint> holding = installed.stream().filter(s -> s.packageVersion() == version)
                .map(s -> enabled.get(s.distributionPoint())).distinct()
                .sorted(Comparator.comparing(DistributionPoint::name)).toList();
        List<DistributionPoint> local = holding.stream().filter(dp -> serves(dp, request)).toList();
        boolean fallback = local.isEmpty();
        List<Location> locations = new ArrayList<>();
        for (DistributionPoint dp : fallback ? holding : local) {
            locations.add(new Location(dp.name(), url(dp, packageId, version), fallback));
        }
        return Optional.of(new Reply(packageId, version, request.boundaryGroup().orElse(null), locations));
    }

    /**
     * Whether a DP serves the client: one of its boundary groups is the client's boundary group name (compared
     * ignoring case, as ConfigMgr compares names) or a CIDR subnet containing the client's address.
     *
     * @param dp the DP
     * @param request the client's request
     * @return true if the DP is in the client's boundary group
     */
    static boolean serves(DistributionPoint dp, Request request) {
        for (String boundary : dp.boundaryGroups()) {
            if (request.boundaryGroup().filter(boundary.trim()::equalsIgnoreCase).isPresent()) {
                return true;
            }
            if (request.clientIp().isPresent()
                    && IpSubnet.parse(boundary).filter(subnet -> subnet.contains(request.clientIp().get())).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param dp a DP
     * @param packageId the package
     * @param version its version
     * @return e.g. {@code http://127.0.0.1:8082/SMS_DP_SMSPKG$/CAS00006.5/}
     */
    static String url(DistributionPoint dp, String packageId, int version) {
        return dp.clientUrl().toString().replaceAll("/+$", "") + "/" + ContentRequestPath.SHARE + "/" + packageId + "." + version + "/";
    }
}
