package io.acu.infra;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point that runs another program's {@code main} in this JVM and ends the JVM when the parent
 * process that started it dies. Child infrastructure (the Kafka broker) is started through it, so a
 * test JVM or launcher that is killed outright (SIGKILL, CI timeout) leaves no broker behind.
 *
 * <p>Usage: {@code java -cp <libs>:<acu-infra> io.acu.infra.OrphanGuard <parentPid> <mainClass> [args…]}.
 * Only the JDK is used here: this class runs on the child's classpath.
 */
public final class OrphanGuard {

    private OrphanGuard() {
    }

    /**
     * @param args parent PID, main class, then that class's arguments
     * @throws Exception whatever the guarded main throws
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: OrphanGuard <parentPid> <mainClass> [args...]");
        }
        long parentPid = Long.parseLong(args[0]);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(137)),
                () -> Runtime.getRuntime().halt(137));
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }
}
