package io.acu.manifestbuilder.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** Row of {@code manifest_builder.package_item}: one manifest item of one package version. */
@Entity
@Table(name = "package_item")
@IdClass(PackageItemEntity.Key.class)
public class PackageItemEntity {

    @Id
    @Column(name = "package_id")
    public String packageId;

    @Id
    @Column(name = "package_version")
    public int packageVersion;

    @Id
    @Column(name = "position")
    public int position;

    @Column(name = "file_name", nullable = false)
    public String fileName;

    @Column(name = "sha256", nullable = false)
    public String sha256;

    @Column(name = "file_version", nullable = false)
    public String fileVersion;

    @Column(name = "size_bytes")
    public Long sizeBytes;

    @Column(name = "install_order", nullable = false)
    public int installOrder;

    @Column(name = "changed", nullable = false)
    public boolean changed;

    /** Composite key: package, version, position in the manifest. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String packageId;
        public int packageVersion;
        public int position;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.packageVersion == packageVersion && k.position == position && Objects.equals(k.packageId, packageId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(packageId, packageVersion, position);
        }
    }
}
