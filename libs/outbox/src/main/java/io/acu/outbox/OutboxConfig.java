package io.acu.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The outbox's settings ({@code acu.outbox.*}). */
@ConfigMapping(prefix = "acu.outbox")
public interface OutboxConfig {

    /** @return the schema-qualified outbox table, e.g. {@code manifest_builder.outbox_event} */
    String table();

    /** @return whether this instance relays (a service may relay only on its leader); writes are always allowed */
    @WithDefault("true")
    boolean relay();

    /** @return how often the relay looks for events; {@link OutboxRelay#drain()} also runs on demand */
    @WithDefault("1s")
    Duration pollInterval();

    /** @return the delay before the first look after start */
    @WithDefault("2s")
    Duration initialDelay();

    /** @return how long published events are kept before the relay deletes them (checked at most hourly) */
    @WithDefault("7d")
    Duration retention();

    /** @return how many events one relay transaction takes at most */
    @WithDefault("100")
    int batchSize();
}
