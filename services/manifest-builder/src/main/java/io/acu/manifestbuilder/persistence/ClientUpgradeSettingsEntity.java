package io.acu.manifestbuilder.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The one row of {@code manifest_builder.client_upgrade_settings} (V3); the exclusion list is a table of its own. */
@Entity
@Table(name = "client_upgrade_settings")
public class ClientUpgradeSettingsEntity {

    /** The row's fixed key: the table holds one row. */
    public static final short ID = 1;

    @Id
    @Column(name = "settings_id")
    public short settingsId;

    @Column(name = "enabled", nullable = false)
    public boolean enabled;

    @Column(name = "advertisement_duration_days", nullable = false)
    public int advertisementDurationDays;

    @Column(name = "override_maintenance_windows", nullable = false)
    public boolean overrideMaintenanceWindows;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** 1 when initialised, one more with every change of the settings or the exclusion list. */
    @Column(name = "revision", nullable = false)
    public long revision;
}
