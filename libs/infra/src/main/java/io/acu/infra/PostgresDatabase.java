package io.acu.infra;

/**
 * The PostgreSQL database acu's services share (one schema per service): either a server this run
 * started ({@link EmbeddedPostgresServer}) or an existing one named by {@code ACU_POSTGRES_URL}.
 */
public interface PostgresDatabase extends AutoCloseable {

    /** Environment variable with the JDBC URL of an existing database, e.g. {@code jdbc:postgresql://db:5432/acu}. */
    String URL_ENV = "ACU_POSTGRES_URL";
    /** Environment variable with the user for {@link #URL_ENV} (default {@code postgres}). */
    String USER_ENV = "ACU_POSTGRES_USER";
    /** Environment variable with the password for {@link #URL_ENV} (default empty). */
    String PASSWORD_ENV = "ACU_POSTGRES_PASSWORD";

    /** @return JDBC URL, {@code jdbc:postgresql://host:port/database} (Flyway migrations use it) */
    String jdbcUrl();

    /** @return user name */
    String username();

    /** @return password (may be empty where the server trusts loopback) */
    String password();

    /** @return the Vert.x reactive client URL of the same database, {@code postgresql://host:port/database} */
    default String reactiveUrl() {
        return jdbcUrl().substring("jdbc:".length());
    }

    /** Stops what this run started; an external server is left alone. */
    @Override
    void close();

    /**
     * The database for this run: the one in {@code ACU_POSTGRES_URL} if set, else a new embedded
     * server started now with test settings (fsync off).
     *
     * @throws InfraStartException when the embedded server cannot start (message names port and log)
     */
    static PostgresDatabase fromEnvironmentOrStart() {
        String url = System.getenv(URL_ENV);
        if (url != null && !url.isBlank()) {
            if (!url.startsWith("jdbc:postgresql://")) {
                throw new InfraStartException(URL_ENV + " must be a JDBC URL like jdbc:postgresql://host:5432/acu, was: " + url);
            }
            return new External(url.trim(), envOr(USER_ENV, "postgres"), envOr(PASSWORD_ENV, ""));
        }
        return EmbeddedPostgresServer.start(EmbeddedPostgresServer.Durability.TEST);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** An existing server: nothing to start or stop. */
    record External(String jdbcUrl, String username, String password) implements PostgresDatabase {
        @Override
        public void close() {
        }
    }
}
