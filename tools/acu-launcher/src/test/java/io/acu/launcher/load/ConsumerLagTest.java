package io.acu.launcher.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {

    @Test
    void theLargestLagOfStateIngestsGroupCounts() {
        String metrics = """
                # HELP acu_consumer_lag_records Records on the topic the consumer group has not committed (stored) yet
                # TYPE acu_consumer_lag_records gauge
                acu_consumer_lag_records{group="state-ingest",topic="acu.fsp.messages"} 1742.0
                acu_consumer_lag_records{group="state-ingest",topic="acu.client.state-messages"} 12.0
                acu_consumer_lag_records{group="state-ingest",topic="x"} NaN
                acu_consumer_lag_records{group="rollout",topic="acu.fsp.messages"} 5000.0
                kafka_consumer_fetch_manager_records_lag_max{client_id="x",partition="0",topic="acu.fsp.messages"} 99999.0
                """;
        assertThat(ConsumerLag.maxLag(metrics)).isEqualTo(OptionalDouble.of(1742.0));
    }

    @Test
    void noConsumerNoLag() {
        assertThat(ConsumerLag.maxLag("# nothing here\njvm_threads_live_threads 42.0\n")).isEmpty();
    }
}
