package io.acu.launcher.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * state-ingest's consumer group lag as its Prometheus endpoint shows it: {@code acu_consumer_lag_records} with
 * {@code group="state-ingest"} per topic, the records its consumer group has not committed (stored) yet (the gauge
 * shows every acu consumer group; only state-ingest's counts here). Visible lag is how an operator sees the
 * consumers held back by a slow or absent PostgreSQL instead of memory filling up. (The Kafka consumer's own
 * {@code kafka_consumer_fetch_manager_records_lag_max} counts from the fetch position and stays 0 while a fetched batch
 * waits for the database.)
 */
public final class ConsumerLag {

    /** The metric's name on {@code /q/metrics}. */
    public static final String METRIC = "acu_consumer_lag_records";
    /** The series of state-ingest's group: labels come sorted, so {@code group} is the first. */
    private static final String STATE_INGEST_SERIES = METRIC + "{group=\"state-ingest\",";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ConsumerLag() {
    }

    /**
     * @param service a service's base URL, e.g. state-ingest's
     * @return the largest lag of any of its topics now; empty when the service does not answer or shows no lag metric
     */
    public static OptionalDouble maxLag(URI service) {
        HttpRequest request = HttpRequest.newBuilder(service.resolve("/q/metrics")).timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? maxLag(response.body()) : OptionalDouble.empty();
        } catch (IOException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }

    /**
     * @param prometheusText a Prometheus text exposition
     * @return the largest finite value among state-ingest's {@value #METRIC} samples (NaN samples are skipped); empty
     *     when there is none
     */
    static OptionalDouble maxLag(String prometheusText) {
        return prometheusText.lines()
                .filter(line -> line.startsWith(STATE_INGEST_SERIES))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .mapToDouble(value -> {
                    try {
                        return Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        return Double.NaN;
                    }
                })
                .filter(Double::isFinite)
                .max();
    }
}
