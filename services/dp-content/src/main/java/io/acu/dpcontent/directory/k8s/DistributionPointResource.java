package io.acu.dpcontent.directory.k8s;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The {@code DistributionPoint} custom resource ({@code acu.io/v1alpha1}, plural {@code distributionpoints},
 * namespaced): one ConfigMgr distribution point, its spec set by operators, its status written by the distribution
 * manager. The CRD YAML lives in deploy/k8s.
 */
@Group("acu.io")
@Version("v1alpha1")
@Kind("DistributionPoint")
@Plural("distributionpoints")
public class DistributionPointResource extends CustomResource<DistributionPointSpec, DistributionPointStatus> implements Namespaced {
}
