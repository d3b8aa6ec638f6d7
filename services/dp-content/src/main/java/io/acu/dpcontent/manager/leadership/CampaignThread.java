package io.acu.dpcontent.manager.leadership;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The one thread a {@link Leadership} adapter campaigns and tells its listener on, so that listener calls never
 * overlap; and its orderly end: a last task (give up leadership, tell the listener) run on that thread, waited for at
 * most 10 s, then the thread stopped.
 */
final class CampaignThread {

    private static final Logger LOG = Logger.getLogger(CampaignThread.class);

    private final ScheduledExecutorService executor;
    private final String identity;

    /** @param name the thread's name, e.g. {@code leadership-dp-content-0} */
    CampaignThread(String name, String identity) {
        this.identity = identity;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** @return the thread's executor, for the adapter's scheduled and immediate tasks */
    ScheduledExecutorService executor() {
        return executor;
    }

    /** Runs {@code lastTask} on the thread (unless it is already stopped), waits for it, then stops the thread. */
    void finish(Runnable lastTask) {
        try {
            executor.submit(lastTask).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("%s: giving up leadership: %s", identity, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RejectedExecutionException e) {
            // already stopped
        }
        executor.shutdownNow();
    }
}
