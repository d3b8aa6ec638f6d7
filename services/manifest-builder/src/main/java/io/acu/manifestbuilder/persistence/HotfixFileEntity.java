package io.acu.manifestbuilder.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** Row of {@code manifest_builder.hotfix_file}: one file of a received hotfix. */
@Entity
@Table(name = "hotfix_file")
@IdClass(HotfixFileEntity.Key.class)
public class HotfixFileEntity {

    @Id
    @Column(name = "hotfix_id")
    public UUID hotfixId;

    @Id
    @Column(name = "file_name")
    public String fileName;

    @Column(name = "sha256", nullable = false)
    public String sha256;

    @Column(name = "file_version", nullable = false)
    public String fileVersion;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    /** Composite key: hotfix and file name. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public UUID hotfixId;
        public String fileName;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(k.hotfixId, hotfixId) && Objects.equals(k.fileName, fileName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(hotfixId, fileName);
        }
    }
}
