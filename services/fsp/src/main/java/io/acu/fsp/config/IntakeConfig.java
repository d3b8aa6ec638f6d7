package io.acu.fsp.config;

import io.acu.intake.IntakeSettings;
import io.acu.intake.StateMessageIntake;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The fallback status point's defences, from {@code acu.fsp.*} (see {@link IntakeSettings}). */
@ConfigMapping(prefix = "acu.fsp")
public interface IntakeConfig extends IntakeSettings {

    /** Makes the framework-free intake rules injectable. */
    @ApplicationScoped
    class Producer {

        /** @return the intake with this configuration */
        @Produces
        @ApplicationScoped
        StateMessageIntake intake(IntakeConfig config) {
            return config.toIntake();
        }
    }
}
