package io.acu.intake;

import io.acu.contracts.client.ClientTokens;
import io.acu.formats.catalogue.StateCatalogue;
import io.smallrye.config.WithDefault;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings of a state-message intake: the body cap and the three throttle budgets (ConfigMgr's
 * fallback status point default is 10,000 state messages per 3,600 s). Each service maps them under
 * its own prefix by extending this interface with {@code @ConfigMapping(prefix = …)}: fsp under
 * {@code acu.fsp}, state-ingest's management-point intake under {@code acu.intake}.
 */
public interface IntakeSettings {

    /** @return the largest request body accepted, in bytes (BOM included) */
    @WithDefault("1048576")
    long maxBodyBytes();

    /**
     * @return how far a message's MessageTime may be ahead of the intake's clock before the report is refused with
     *     422, e.g. {@code 24h}; a current state follows the latest MessageTime, so a far-future one would pin it
     */
    @WithDefault("24h")
    Duration maxMessageTimeAhead();

    /**
     * @return networks of the reverse proxies in front of the intake (CIDRs, e.g. the ingress controller's pod network
     *     {@code 10.42.0.0/16}); only from them is {@code X-Forwarded-For} believed (see {@link ClientAddresses}). Empty:
     *     the header is ignored
     */
    Optional<List<String>> trustedProxies();

    /** @return the budget of all messages together */
    LimitConfig global();

    /** @return the budget of each client ID */
    LimitConfig perClient();

    /**
     * @return the budget of each sender IP address (the client's, behind {@link #trustedProxies()}). Budgets are per
     *     replica: with N replicas behind a load balancer, a client may send up to N times these
     */
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

    /**
     * @param clock the clock the throttle's intervals and the received-at times are read from (the service's
     *     UTC clock bean)
     * @return the intake with these settings and the standard state catalogue
     */
    default StateMessageIntake toIntake(Clock clock) {
        return toIntake(clock, Optional.empty());
    }

    /**
     * @param clock as {@link #toIntake(Clock)}
     * @param clientTokens when present, reports must carry a token issued to their client ID
     * @return the intake with these settings
     */
    default StateMessageIntake toIntake(Clock clock, Optional<ClientTokens> clientTokens) {
        return new StateMessageIntake(new StateMessageReports(StateCatalogue.standard(), maxBodyBytes()),
                new Throttle(global().limit(), perClient().limit(), perAddress().limit()), clock, maxMessageTimeAhead(), clientTokens);
    }

    /** @return who the client is behind the trusted proxies */
    default ClientAddresses clientAddresses() {
        return new ClientAddresses(trustedProxies().orElse(List.of()));
    }
}
