package io.acu.infra;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
     * The command that runs {@code mainClass} in a new JVM guarded by this class against outliving
     * the current JVM.
     *
     * @param jvmOptions options such as {@code -Xmx512m}
     * @param classpath the program's classpath (this class's location is appended)
     * @param mainClass the program's main class
     * @param args the program's arguments
     * @return the full command line, starting with this JVM's {@code java} binary
     */
    public static List<String> javaCommand(List<String> jvmOptions, String classpath, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath + File.pathSeparator + ownLocation(),
                OrphanGuard.class.getName(), Long.toString(ProcessHandle.current().pid()), mainClass));
        command.addAll(args);
        return command;
    }

    private static String ownLocation() {
        try {
            return Path.of(OrphanGuard.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the acu-infra classes", e);
        }
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
