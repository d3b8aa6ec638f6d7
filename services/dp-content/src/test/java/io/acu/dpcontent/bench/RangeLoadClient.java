package io.acu.dpcontent.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The load of {@link RangeServingBenchmark}, run in its own JVM so its allocations and GC pauses do not stop the server
 * under test (the service runs in the test JVM): {@code clients} threads loop over random {@code Range} requests of
 * {@code rangeBytes} for {@code seconds}, reading each body into a reused buffer. JDK only.
 *
 * <p>Arguments: {@code url seconds clients rangeBytes fileBytes}. Prints one line: {@code bytes=<n> seconds=<s>}.
 * Exits 1 if a response is not 206 with the requested length.
 */
public final class RangeLoadClient {

    private RangeLoadClient() {
    }

    /**
     * @param args url, seconds, clients, rangeBytes, fileBytes
     * @throws Exception if the load cannot run
     */
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        int rangeBytes = Integer.parseInt(args[3]);
        long fileBytes = Long.parseLong(args[4]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Long>> results = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            results.add(pool.submit(() -> {
                byte[] buffer = new byte[64 * 1024];
                long bytes = 0;
                while (System.nanoTime() < end) {
                    long first = ThreadLocalRandom.current().nextLong(fileBytes - rangeBytes);
                    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(url)
                            .header("Range", "bytes=" + first + "-" + (first + rangeBytes - 1)).build(), HttpResponse.BodyHandlers.ofInputStream());
                    long read = 0;
                    try (InputStream in = r.body()) {
                        for (int n; (n = in.read(buffer)) != -1; ) {
                            read += n;
                        }
                    }
                    if (r.statusCode() != 206 || read != rangeBytes) {
                        System.err.println("bad response: " + r.statusCode() + ", " + read + " bytes");
                        System.exit(1);
                    }
                    bytes += read;
                }
                return bytes;
            }));
        }
        long total = 0;
        for (Future<Long> result : results) {
            total += result.get();
        }
        System.out.println("bytes=" + total + " seconds=" + (System.nanoTime() - started) / 1e9);
        pool.shutdown();
    }
}
