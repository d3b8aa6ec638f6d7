package io.acu.dpcontent.directory.config;

import io.acu.dpcontent.common.DpContentConfig;
import io.acu.dpcontent.directory.DistributionPoint;
import io.acu.dpcontent.directory.DistributionPointDirectory;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Distribution points from configuration ({@code dp-content.directory.points.<name>.*}), for local runs and the demo where
 * there is no Kubernetes API. Status is kept only in the database and the events.
 */
public final class StaticDistributionPointDirectory implements DistributionPointDirectory {

    private final List<DistributionPoint> points;

    /** @param points the configured points by name */
    public StaticDistributionPointDirectory(Map<String, DpContentConfig.Point> points) {
        this.points = points.entrySet().stream()
                .map(e -> new DistributionPoint(e.getKey(), e.getValue().contentApiUrl(),
                        e.getValue().clientUrl().orElse(e.getValue().contentApiUrl()),
                        e.getValue().boundaryGroups().orElse(List.of()), e.getValue().enabled()))
                .sorted(Comparator.comparing(DistributionPoint::name))
                .toList();
    }

    @Override
    public List<DistributionPoint> distributionPoints() {
        return points;
    }
}
