package io.acu.dpcontent.directory.k8s;

import java.util.ArrayList;
import java.util.List;

/** {@code status} of a DistributionPoint resource: {@code packages}, one entry per package version distributed to it. */
public class DistributionPointStatus {

    private List<PackageStatusEntry> packages = new ArrayList<>();

    /** @return the entries, by package ID then version */
    public List<PackageStatusEntry> getPackages() {
        return packages;
    }

    /** @param packages the entries */
    public void setPackages(List<PackageStatusEntry> packages) {
        this.packages = packages;
    }
}
