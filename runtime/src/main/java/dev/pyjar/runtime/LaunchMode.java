package dev.pyjar.runtime;

import java.util.Locale;
import java.util.Map;

/**
 * What a JVM started on a pyjar jar does: chosen by {@code PYJAR_TUNED_JVM} in the JVM that
 * {@code java -jar} started, and by the {@value #ROLE_PROPERTY} property in the JVMs pyjar starts.
 */
enum LaunchMode {
    /** The default: hand the run to a second, tuned JVM with a class-data archive. */
    TUNED,
    /** Run here, with the tuning a running JVM can still take ({@link C1OnlyDirective}). */
    IN_PROCESS,
    /** Run here, as the JVM was started. */
    OFF,
    /** Print the tuned JVM's command instead of running the app. */
    PRINT,
    /** This is the tuned JVM: run the app here. */
    TUNED_CHILD,
    /** This is a tuned JVM started by {@code --pyjar-prepare}: start GraalPy and the pack, but never the app. */
    TRAINING,
    /** This is the background step that turns a recorded class list into an archive. */
    ARCHIVE_BUILD,
    /** This is a warm-start server ({@link WarmServer}). */
    WARM_SERVER;

    /** Set on the JVMs pyjar starts, so that they never start another. */
    static final String ROLE_PROPERTY = "pyjar.tunedJvm";
    static final String SWITCH_VARIABLE = "PYJAR_TUNED_JVM";

    static LaunchMode of(String role, Map<String, String> environment) {
        if (role != null) {
            return switch (role) {
                case "train" -> TRAINING;
                case "archive" -> ARCHIVE_BUILD;
                case "warm" -> WARM_SERVER;
                default -> TUNED_CHILD;
            };
        }
        return switch (environment.getOrDefault(SWITCH_VARIABLE, "").toLowerCase(Locale.ROOT)) {
            case "off" -> OFF;
            case "in-process" -> IN_PROCESS;
            case "print" -> PRINT;
            default -> TUNED;
        };
    }

    static LaunchMode current(Map<String, String> environment) {
        return of(System.getProperty(ROLE_PROPERTY), environment);
    }

    /** The value of {@value #ROLE_PROPERTY} that makes a JVM take this role. */
    String role() {
        return switch (this) {
            case TUNED_CHILD -> "child";
            case TRAINING -> "train";
            case ARCHIVE_BUILD -> "archive";
            case WARM_SERVER -> "warm";
            default -> throw new IllegalStateException(this + " is no role of a JVM pyjar starts");
        };
    }
}
