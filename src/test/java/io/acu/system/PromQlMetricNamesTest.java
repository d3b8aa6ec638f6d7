package io.acu.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlMetricNamesTest {

    @Test
    void aggregationsFunctionsMatchersAndRangesAreNotMetrics() {
        assertThat(PromQlMetricNames.of("sum by (intake, status) (rate(acu_intake_requests_refused_total{namespace=\"$namespace\",status=~\"5..\"}[5m]))"))
                .containsExactly("acu_intake_requests_refused_total");
    }

    @Test
    void bothSidesOfABinaryOperationCount() {
        assertThat(PromQlMetricNames.of("""
                max by (namespace, group, topic) (acu_consumer_lag_records) > 1000
                and on (group) max by (namespace, group, topic) (deriv(acu_consumer_lag_records[10m])) > 0
                unless ignoring (pod) up{job="x"} offset 5m
                """)).containsExactly("acu_consumer_lag_records", "up");
    }

    @Test
    void stringsAndVariablesAreSkippedAndLabelValuesReadsItsSelector() {
        assertThat(PromQlMetricNames.of("label_values(acu_compliance_clients{namespace=\"$namespace\"}, package)"))
                .containsExactly("acu_compliance_clients");
        assertThat(PromQlMetricNames.of("topk(20, max by (state_name) (acu_failures_clients{x=\"a b{c}\"})) == 1e3"))
                .containsExactly("acu_failures_clients");
        assertThat(PromQlMetricNames.of("vector(1) * 2")).isEmpty();
    }
}
