package io.acu.stateingest.config;

import io.acu.formats.catalogue.StateCatalogue;
import io.acu.intake.StateMessageIntake;
import io.acu.intake.StateMessageReports;
import io.acu.intake.Throttle;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;

/**
 * The state-message intake's limits, from {@code acu.intake.*}: the body cap and the message throttle (global, per
 * client ID, per sender address), the same rules as the fallback status point.
 */
@ConfigMapping(prefix = "acu.intake")
public interface IntakeConfig {

    /** @return the largest request body accepted, in bytes (BOM included) */
    @WithDefault("1048576")
    long maxBodyBytes();

    /** @return the budget of all messages together */
    LimitConfig global();

    /** @return the budget of each client ID */
    LimitConfig perClient();

    /** @return the budget of each sender IP address */
    LimitConfig perAddress();

    /** One throttle budget: {@code count} messages per {@code interval}; a count of 0 switches it off. */
    interface LimitConfig {
        /** @return messages per interval */
        long count();

        /** @return the interval, e.g. {@code 3600s} */
        Duration interval();

        /** @return as a {@link Throttle.Limit} */
        default Throttle.Limit limit() {
            return new Throttle.Limit(count(), interval());
        }
    }

    /** Makes the framework-free intake rules injectable. */
    @ApplicationScoped
    class Producer {

        /** @return the intake with this configuration, the standard catalogue and the UTC clock */
        @Produces
        @ApplicationScoped
        StateMessageIntake intake(IntakeConfig config) {
            return new StateMessageIntake(new StateMessageReports(StateCatalogue.standard(), config.maxBodyBytes()),
                    new Throttle(config.global().limit(), config.perClient().limit(), config.perAddress().limit()),
                    Clock.systemUTC());
        }
    }
}
