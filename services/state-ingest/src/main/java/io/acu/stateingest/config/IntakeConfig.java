package io.acu.stateingest.config;

import io.acu.intake.IntakeSettings;
import io.acu.intake.StateMessageIntake;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The management point's state-message intake limits, from {@code acu.intake.*} (see {@link IntakeSettings}). */
@ConfigMapping(prefix = "acu.intake")
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
