package io.acu.manifestbuilder.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** Row of {@code manifest_builder.package_version}. */
@Entity
@Table(name = "package_version")
@IdClass(PackageVersionEntity.Key.class)
public class PackageVersionEntity {

    @Id
    @Column(name = "package_id")
    public String packageId;

    @Id
    @Column(name = "package_version")
    public int packageVersion;

    @Column(name = "previous_version")
    public Integer previousVersion;

    @Column(name = "client_version", nullable = false)
    public String clientVersion;

    @Column(name = "kb_number")
    public String kbNumber;

    @Column(name = "manifest_xml", nullable = false)
    public byte[] manifestXml;

    @Column(name = "cab", nullable = false)
    public byte[] cab;

    @Column(name = "cab_sha256", nullable = false)
    public String cabSha256;

    @Column(name = "cab_signature", nullable = false)
    public String cabSignature;

    @Column(name = "signature_algorithm", nullable = false)
    public String signatureAlgorithm;

    @Column(name = "origin", nullable = false)
    public String origin;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Composite key: package ID and version. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String packageId;
        public int packageVersion;

        public Key() {
        }

        public Key(String packageId, int packageVersion) {
            this.packageId = packageId;
            this.packageVersion = packageVersion;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.packageVersion == packageVersion && Objects.equals(k.packageId, packageId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(packageId, packageVersion);
        }
    }
}
