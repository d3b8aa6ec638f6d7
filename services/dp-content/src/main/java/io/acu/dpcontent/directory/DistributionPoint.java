package io.acu.dpcontent.directory;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A distribution point as the distribution manager knows it (from a {@code DistributionPoint} custom resource or
 * from configuration).
 *
 * @param name its name, unique, e.g. {@code dp01}; the DP in ContentDistributionStatusChanged
 * @param contentApiUrl base URL of its content API, where the manager pushes files, e.g. {@code http://dp01:8082}
 * @param clientUrl base URL clients download from, e.g. {@code http://dp01.contoso.com}
 * @param boundaryGroups client subnets (CIDR) or boundary group names this DP serves; may be empty
 * @param enabled whether content is distributed to it
 */
public record DistributionPoint(String name, URI contentApiUrl, URI clientUrl, List<String> boundaryGroups, boolean enabled) {

    /**
     * Checks and copies the fields.
     *
     * @throws IllegalArgumentException if the name is blank
     * @throws NullPointerException if a field is null
     */
    public DistributionPoint {
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("distribution point name is blank");
        }
        Objects.requireNonNull(contentApiUrl, "contentApiUrl");
        Objects.requireNonNull(clientUrl, "clientUrl");
        boundaryGroups = List.copyOf(boundaryGroups);
    }
}
