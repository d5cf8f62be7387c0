package dev.pyjar.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.graalvm.polyglot.PolyglotException;

/**
 * One run in the warm server, in a context of its own ({@link WarmContext}, usually prepared
 * before the run arrived) that it makes its own at the start: the client's arguments,
 * environment, working directory and standard streams, and its signals ({@link RunSignals}). A
 * stop by force ({@link #stop}) kills the run's processes, then cancels the context: no
 * {@code finally} of the app runs then, as none runs when a process is killed.
 */
final class WarmRun {
    private final PythonPack pack;
    private final WarmFrames.Request request;
    private final ClientStreams streams;
    private final ClientTerminal terminal;
    private final ImportForecast forecast;
    private WarmContext context;
    private boolean started;
    private int stoppedBy;
    private boolean finished;

    WarmRun(PythonPack pack, WarmFrames.Request request, ClientStreams streams, ClientInput input, ImportForecast forecast) {
        this.pack = pack;
        this.forecast = forecast;
        this.request = request;
        this.streams = streams;
        this.terminal = new ClientTerminal(streams, input);
    }

    /**
     * Runs the app, on the thread {@code context} was (or is now) prepared on, and returns its
     * status as {@link Launcher#run} returns statuses.
     */
    int run(Supplier<WarmContext> context) {
        int status = execute(context);
        WarmContext used;
        synchronized (this) {
            finished = true;
            used = this.context;
            if (stoppedBy != 0) {
                status = -stoppedBy;
            }
        }
        streams.close();
        if (used != null) {
            // A process the app left running goes on, as it would after a cold run, and the
            // context closes after it (a stopped run's processes are gone already).
            used.closeAfterProcesses();
        }
        return status;
    }

    private int execute(Supplier<WarmContext> prepared) {
        try {
            WarmContext own = prepared.get();
            synchronized (this) {
                context = own;
                if (stoppedBy != 0) {
                    own.stop();
                    return -stoppedBy;
                }
            }
            own.begin(streams, request.directory(), request.environment(), argv());
            own.setUp(terminal::install);
            own.setUp(new ClientProcess(request.pid())::install);
            synchronized (this) {
                started = true;
            }
            int status = own.runMain(pack, request.arguments());
            learnFrom(own);
            return status;
        } catch (PolyglotException e) {
            if (e.isExit()) {
                return e.getExitStatus();
            }
            if (!e.isCancelled()) {
                streams.reportError("pyjar: error: internal error: " + e.getMessage());
            }
            return 1;
        } catch (IllegalStateException | IllegalArgumentException e) {
            // A context closed by stop() while it was being prepared, say.
            streams.reportError("pyjar: error: internal error: " + e);
            return 1;
        }
    }

    /** Tells the forecast what the run imported; a run stopped meanwhile tells nothing. */
    private void learnFrom(WarmContext own) {
        try {
            forecast.learn(own.modulesImported(pack.installedPackages()), own.importedAhead());
        } catch (PolyglotException | IllegalStateException e) {
            // Stopped, or cancelled by a stop, after its app returned.
        }
    }

    /** {@code sys.argv} as a cold run of the jar has it: the jar, then the client's arguments. */
    private List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(pack.archive().toString());
        argv.addAll(request.arguments());
        return argv;
    }

    /**
     * Gives the run a signal the client received; on DEFAULT the caller stops the run ({@link #stop}).
     * Before the app has started, every signal has its default action, as in a process still starting.
     */
    RunSignals.Delivery signal(int number) {
        if (number == ClientTerminal.RESIZED) {
            terminal.resized();
        }
        WarmContext running;
        synchronized (this) {
            running = started ? context : null;
        }
        return running == null ? RunSignals.Delivery.DEFAULT : running.signals().deliver(number);
    }

    /** How many times a Python signal handler of the run has started: one that does not start after a delivery is stuck. */
    synchronized long acknowledgements() {
        return started ? context.signals().acknowledgements() : 0;
    }

    /** Ends the run by force, as signal {@code number} would end a process; its status then says so. Nothing once it has ended. */
    void stop(int number) {
        WarmContext running;
        synchronized (this) {
            if (stoppedBy != 0 || finished) {
                return;
            }
            stoppedBy = number;
            running = context;
        }
        if (running != null) {
            running.stop();
        }
    }
}
