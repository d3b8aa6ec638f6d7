package io.acu.launcher.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.acu.launcher.wave.SiteApi;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./acu rollout status|promote|pause|resume|revoke}: the operator's commands against a running rollout service
 * (ConfigMgr's "promote pre-production client", hawkBit's pause/resume of a rollout). Prints the rollout as tables
 * ({@link RolloutTables}); a refusal prints rollout's problem detail and exits {@link #REFUSED} (404: {@link #NOT_FOUND};
 * unreachable: {@link #UNREACHABLE}).
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Show or steer a package version's rollout on a running stack (rings, gates, halt reason).",
        subcommands = {RolloutCommand.Status.class, RolloutCommand.Promote.class, RolloutCommand.Pause.class, RolloutCommand.Resume.class,
                RolloutCommand.Revoke.class})
public final class RolloutCommand {

    /** Exit code when rollout refused the action (409, 400, 401/403): its detail is printed. */
    public static final int REFUSED = 1;
    /** Exit code when the package or version is unknown (404). */
    public static final int NOT_FOUND = 4;
    /** Exit code when rollout cannot be reached or the token file cannot be read. */
    public static final int UNREACHABLE = 3;
    /** Where a running {@code ./acu demo} writes its services' URLs, under the project folder. */
    public static final String DEMO_STATE = "target/acu-demo/stack.properties";
    /** The URL used when no demo state names rollout: rollout's default port. */
    public static final URI DEFAULT_URL = URI.create("http://127.0.0.1:8085");

    private RolloutCommand() {
    }

    /** What every subcommand takes. */
    static final class Target {
        @Spec(Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--url", paramLabel = "URL",
                description = "rollout's base URL (default: the running demo's, from " + DEMO_STATE + ", else " + "http://127.0.0.1:8085).")
        URI url;

        @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding a bearer JWT with acu-admin (acu-viewer for status) "
                + "(default: target/acu-demo/credentials/admin.jwt, written by ./acu demo).")
        Path tokenFile;

        @Option(names = "--package", paramLabel = "ID", defaultValue = "CAS00006", description = "The client package (default: ${DEFAULT-VALUE}).")
        String packageId;

        @Option(names = "--version", paramLabel = "N", description = "The package version (default: the newest with a rollout).")
        Integer version;

        @Option(names = "--project-dir", hidden = true, defaultValue = "${sys:acu.project.dir:-.}")
        Path projectDir;

        /** @return rollout's URL: --url, else the demo's state file, else the default */
        URI url() {
            if (url != null) {
                return url;
            }
            Path state = projectDir.resolve(DEMO_STATE);
            if (Files.isRegularFile(state)) {
                Properties urls = new Properties();
                try (InputStream in = Files.newInputStream(state)) {
                    urls.load(in);
                    String fromDemo = urls.getProperty("rollout");
                    if (fromDemo != null && !fromDemo.isBlank()) {
                        return URI.create(fromDemo.strip());
                    }
                } catch (IOException | IllegalArgumentException e) {
                    // an unreadable state file: fall back to the default URL
                }
            }
            return DEFAULT_URL;
        }

        /** @return the token file's content; @throws IOException when it cannot be read */
        String token() throws IOException {
            Path file = tokenFile != null ? tokenFile : projectDir.resolve("target/acu-demo/credentials/admin.jwt");
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
    }

    /** The common run: read the rollout (or act on it), print it, map refusals to exit codes. */
    abstract static class Action implements Callable<Integer> {
        @Mixin
        Target target;

        @Spec
        CommandLine.Model.CommandSpec spec;

        // Not mixinStandardHelpOptions: its -V/--version would clash with the package version option.
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        /** @return the action's path segment ({@code promote} …), or null for status */
        abstract String action();

        /** @return the operator's note, or null */
        String note() {
            return null;
        }

        @Override
        public Integer call() {
            PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
            return run(out, spec.commandLine().getErr());
        }

        /** Runs against {@code out}; errors to {@code err}. */
        int run(PrintStream out, java.io.PrintWriter err) {
            URI url = target.url();
            SiteApi rollout;
            try {
                rollout = SiteApi.rolloutOnly(url, target.token());
            } catch (IOException e) {
                err.println("acu rollout: cannot read the token file: " + e.getMessage() + " (run ./acu demo, or give --token-file)");
                return UNREACHABLE;
            }
            try {
                int version = target.version != null ? target.version : newest(rollout);
                JsonNode shown = action() == null ? rollout.rollout(target.packageId, version)
                        : rollout.rolloutAction(target.packageId, version, action(), note());
                if (shown == null) {
                    err.println("acu rollout: " + target.packageId + " v" + version + " has no rollout");
                    return NOT_FOUND;
                }
                if (action() != null) {
                    out.println(action() + ": done.");
                    // The action's answer has no history: read the whole rollout for the table.
                    JsonNode full = rollout.rollout(target.packageId, version);
                    shown = full != null ? full : shown;
                }
                RolloutTables.print(shown, Map.of(), out);
                RolloutTables.printHistory(shown, out);
                return 0;
            } catch (NoRollout e) {
                err.println("acu rollout: " + e.getMessage());
                return NOT_FOUND;
            } catch (SiteApi.SiteApiException e) {
                if (e.status() == 0) {
                    err.println("acu rollout: rollout at " + url + " is unreachable: " + e.detail());
                    return UNREACHABLE;
                }
                err.println(refusal(e.status(), e.detail()));
                return e.status() == 404 ? NOT_FOUND : REFUSED;
            }
        }

        /** @return e.g. {@code acu rollout: rollout answered 409 Conflict: <the problem's detail>}; never "null" */
        static String refusal(int status, String detail) {
            String phrase = switch (status) {
                case 400 -> " Bad Request";
                case 401 -> " Unauthorized (is the token file the site's admin token?)";
                case 403 -> " Forbidden (the token lacks acu-admin)";
                case 404 -> " Not Found";
                case 409 -> " Conflict";
                case 429 -> " Too Many Requests";
                case 500 -> " Internal Server Error";
                case 503 -> " Service Unavailable";
                default -> "";
            };
            return "acu rollout: rollout answered " + status + phrase + (detail == null || detail.isBlank() ? " with no detail" : ": " + detail);
        }

        private int newest(SiteApi rollout) {
            JsonNode rollouts = rollout.rollouts(target.packageId);
            if (rollouts.size() == 0) {
                throw new NoRollout(target.packageId + " has no rollouts");
            }
            return rollouts.get(0).path("packageVersion").asInt();
        }
    }

    /** The package has no rollout at all. */
    private static final class NoRollout extends RuntimeException {
        NoRollout(String message) {
            super(message);
        }
    }

    /** An action with an operator's note, recorded in the rollout's history. */
    abstract static class NotedAction extends Action {
        @Option(names = "--note", paramLabel = "TEXT", description = "Why, recorded in the rollout's history.")
        String note;

        @Override
        String note() {
            return note;
        }
    }

    @Command(name = "status", description = "Print the rollout: status, reason, rings with their figures, "
            + "top error codes, history.")
    static final class Status extends Action {
        @Override
        String action() {
            return null;
        }
    }

    @Command(name = "promote", description = "Start the next ring now (a ring awaiting promotion, or "
            + "ahead of its gate). Refused while halted: resume first.")
    static final class Promote extends NotedAction {
        @Override
        String action() {
            return "promote";
        }
    }

    @Command(name = "pause", description = "Stop new offers and download grants until resumed.")
    static final class Pause extends NotedAction {
        @Override
        String action() {
            return "pause";
        }
    }

    @Command(name = "resume", description = "Resume a paused or halted rollout (accepting the failures seen so far).")
    static final class Resume extends NotedAction {
        @Override
        String action() {
            return "resume";
        }
    }

    @Command(name = "revoke", description = "Revoke the version: no more offers anywhere; "
            + "the policy offers the previous version.")
    static final class Revoke extends NotedAction {
        @Override
        String action() {
            return "revoke";
        }
    }
}
