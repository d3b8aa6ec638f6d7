package io.acu.dpcontent.manager.leadership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** A replica's listener for tests: what it was told, in order ({@code started}, {@code stopped}). */
final class LeadershipEvents implements Leadership.Listener {

    final List<String> changes = new CopyOnWriteArrayList<>();

    @Override
    public void startedLeading() {
        changes.add("started");
    }

    @Override
    public void stoppedLeading() {
        changes.add("stopped");
    }

    /** Waits for {@code condition}, failing after {@code timeout}. */
    static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", timeout).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
