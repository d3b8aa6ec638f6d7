package io.acu.dpcontent.directory.k8s;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code spec} of a DistributionPoint resource (CRD {@code distributionpoints.acu.io}, deploy/k8s).
 * Fields: {@code contentApiUrl} (the DP's content API base URL, where the manager pushes), {@code clientUrl}
 * (client-facing base URL), {@code boundaryGroups} (client subnets in CIDR or boundary group names),
 * {@code enabled} (default true).
 */
public class DistributionPointSpec {

    private String contentApiUrl;
    private String clientUrl;
    private List<String> boundaryGroups = new ArrayList<>();
    private Boolean enabled = Boolean.TRUE;

    /** @return the content API base URL, e.g. {@code http://dp01.acu.svc:8082} */
    public String getContentApiUrl() {
        return contentApiUrl;
    }

    /** @param contentApiUrl the content API base URL */
    public void setContentApiUrl(String contentApiUrl) {
        this.contentApiUrl = contentApiUrl;
    }

    /** @return the client-facing base URL */
    public String getClientUrl() {
        return clientUrl;
    }

    /** @param clientUrl the client-facing base URL */
    public void setClientUrl(String clientUrl) {
        this.clientUrl = clientUrl;
    }

    /** @return client subnets (CIDR) or boundary group names */
    public List<String> getBoundaryGroups() {
        return boundaryGroups;
    }

    /** @param boundaryGroups client subnets (CIDR) or boundary group names */
    public void setBoundaryGroups(List<String> boundaryGroups) {
        this.boundaryGroups = boundaryGroups;
    }

    /** @return whether content is distributed to it; null means true (the CRD default) */
    public Boolean getEnabled() {
        return enabled;
    }

    /** @param enabled whether content is distributed to it */
    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }
}
