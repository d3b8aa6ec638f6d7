package io.acu.manifestbuilder.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The one clock manifest-builder reads time from (UTC), injectable so tests can replace it. */
@ApplicationScoped
public class ClockProducer {

    /** @return the system clock in UTC */
    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
