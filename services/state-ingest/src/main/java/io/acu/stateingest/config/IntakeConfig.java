package io.acu.stateingest.config;

import io.acu.contracts.ClientStateMessageReceived;
import io.acu.contracts.Topics;
import io.acu.contracts.client.ClientTokens;
import io.acu.intake.IntakeEndpoint;
import io.acu.intake.IntakeSettings;
import io.acu.intake.StateMessagePublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/** The management point's state-message intake limits, from {@code acu.intake.*} (see {@link IntakeSettings}). */
@ConfigMapping(prefix = "acu.intake")
public interface IntakeConfig extends IntakeSettings {

    /** The envelope's {@code source}. */
    String SOURCE = "state-ingest";
    /** Prefix of the intake producer's Kafka properties, e.g. {@code acu.producer.client-state-messages.linger.ms}. */
    String PRODUCER_PREFIX = "acu.producer.client-state-messages.";
    /** The intake's name in its metrics ({@code acu_intake_requests_refused_total{intake="state-messages"}}). */
    String INTAKE_NAME = "state-messages";

    /** @return client identity: whether reports must carry a token issued to their client ID, and the site key */
    ClientTokensConfig clientTokens();

    /**
     * Client tokens ({@link ClientTokens}), the management point's check of who sends a report, as ConfigMgr's client
     * certificates: without them anyone who reaches the intake could write any client's state.
     */
    interface ClientTokensConfig {
        /** @return whether reports must carry a client token; true unless a site deliberately runs an open intake */
        @WithDefault("true")
        boolean required();

        /** @return the site's client-token key (at least 32 bytes), e.g. a mounted Secret; required when tokens are */
        Optional<Path> keyFile();

        /**
         * @return the tokens to check, or empty for an open intake
         * @throws IllegalStateException when tokens are required and no key file is set
         */
        default Optional<ClientTokens> tokens() {
            return ClientTokens.fromSettings(required(), keyFile(), "acu.intake.client-tokens.key-file (ACU_INTAKE_CLIENT_TOKENS_KEY_FILE)",
                    "acu.intake.client-tokens.required=false for an open intake");
        }
    }

    /** Makes the framework-free intake injectable: these rules, publishing {@link ClientStateMessageReceived}. */
    @ApplicationScoped
    class Producer {

        /**
         * Started with the application, so the producer connects before the first report arrives.
         *
         * @param broker the broker connection from {@code kafka.*}, overridden by {@value #PRODUCER_PREFIX}*
         * @param clock the service's clock ({@link ClockProducer})
         * @return the intake with this configuration, publishing to {@code acu.client.state-messages}
         */
        @Produces
        @Startup
        @ApplicationScoped
        IntakeEndpoint intake(IntakeConfig settings, @Identifier("default-kafka-broker") Map<String, Object> broker, Config config,
                MeterRegistry metrics, Clock clock) {
            StateMessagePublisher publisher = StateMessagePublisher.create(broker,
                    StateMessagePublisher.propertiesUnder(config, PRODUCER_PREFIX), "state-ingest-intake",
                    ClientStateMessageReceived::new, SOURCE, Topics.CLIENT_STATE_MESSAGES);
            return new IntakeEndpoint(settings.toIntake(clock, settings.clientTokens().tokens()), publisher, metrics, INTAKE_NAME, clock, settings.clientAddresses());
        }

        void close(@Disposes IntakeEndpoint intake) {
            intake.close();
        }
    }
}
