package io.acu.fsp.config;

import io.acu.contracts.FspStateMessageReceived;
import io.acu.contracts.Topics;
import io.acu.intake.IntakeEndpoint;
import io.acu.intake.IntakeSettings;
import io.acu.intake.StateMessagePublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/** The fallback status point's defences, from {@code acu.fsp.*} (see {@link IntakeSettings}). */
@ConfigMapping(prefix = "acu.fsp")
public interface IntakeConfig extends IntakeSettings {

    /** The envelope's {@code source}. */
    String SOURCE = "fsp";
    /** Prefix of the intake producer's Kafka properties, e.g. {@code acu.producer.fsp-messages.linger.ms}. */
    String PRODUCER_PREFIX = "acu.producer.fsp-messages.";
    /** The intake's name in its metrics ({@code acu_intake_requests_refused_total{intake="fsp"}}). */
    String INTAKE_NAME = "fsp";

    /** Makes the framework-free intake injectable: these rules, publishing {@link FspStateMessageReceived}. */
    @ApplicationScoped
    class Producer {

        /**
         * Started with the application, so the producer connects before the first report arrives.
         *
         * @param broker the broker connection from {@code kafka.*}, overridden by {@value #PRODUCER_PREFIX}*
         * @param clock the service's clock ({@link ClockProducer})
         * @return the intake with this configuration, publishing to {@code acu.fsp.messages}
         */
        @Produces
        @Startup
        @ApplicationScoped
        IntakeEndpoint intake(IntakeConfig settings, @Identifier("default-kafka-broker") Map<String, Object> broker, Config config,
                MeterRegistry metrics, Clock clock) {
            StateMessagePublisher publisher = StateMessagePublisher.create(broker,
                    StateMessagePublisher.propertiesUnder(config, PRODUCER_PREFIX), "fsp-intake", FspStateMessageReceived::new, SOURCE, Topics.FSP_MESSAGES);
            return new IntakeEndpoint(settings.toIntake(clock), publisher, metrics, INTAKE_NAME, clock, settings.clientAddresses());
        }

        void close(@Disposes IntakeEndpoint intake) {
            intake.close();
        }
    }
}
