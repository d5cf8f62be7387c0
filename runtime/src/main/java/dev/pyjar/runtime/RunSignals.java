package dev.pyjar.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The signals of one warm run: those the client relays ({@link WarmClient#RELAYED}) go to the
 * run's own disposition (_pyjar_warm keeps it per context) and reach this context alone.
 *
 * <p>GraalPy has no call that raises a signal in one context of many: its {@code signal.signal}
 * puts a handler object in the JVM's one table ({@code sun.misc.Signal}), which queues the
 * Python handler for the main thread of the context that installed it. So a run's handler is
 * installed under a lock shared by all runs and taken straight back out of the table, and a
 * relayed signal is delivered by calling that object, as the operating system's signal would.
 * The server's own handlers stay in the table.
 */
final class RunSignals {
    /** A disposition as _pyjar_warm reports it: a Python handler; else signal.SIG_DFL (0) or SIG_IGN (1). */
    private static final int PYTHON_HANDLER = -1;
    private static final int IGNORE = 1;
    private static final Object JVM_TABLE = new Object();
    private static final Map<Integer, SignalHandler> SERVER_HANDLERS = new ConcurrentHashMap<>();

    private final Map<Integer, Integer> dispositions = new ConcurrentHashMap<>();
    private final Map<Integer, SignalHandler> handlers = new ConcurrentHashMap<>();
    private final AtomicLong acknowledgements = new AtomicLong();

    /** What the server does with a signal it receives itself (its own stop, say); installed once, before any run. */
    static void serverHandles(String name, SignalHandler handler) {
        try {
            Signal signal = new Signal(name);
            Signal.handle(signal, handler);
            SERVER_HANDLERS.put(signal.getNumber(), handler);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // Not a signal of this system.
        }
    }

    /** Installs the per-run dispositions with {@code _pyjar_warm}; on the run's main thread, before the app. */
    void install(Value warmModule) {
        warmModule.getMember("install_signals").execute((ProxyExecutable) arguments -> {
            capture(arguments[0].asInt(), arguments[1].asInt(), arguments[2]);
            return null;
        }, (ProxyExecutable) arguments -> {
            acknowledgements.incrementAndGet();
            return null;
        });
    }

    private void capture(int number, int disposition, Value install) {
        if (disposition != PYTHON_HANDLER) {
            dispositions.put(number, disposition);
            handlers.remove(number);
            return;
        }
        synchronized (JVM_TABLE) {
            install.executeVoid();
            Signal signal = new Signal(ProcessSignals.nameOf(number));
            SignalHandler server = SERVER_HANDLERS.getOrDefault(number, SignalHandler.SIG_DFL);
            handlers.put(number, Signal.handle(signal, server));
            dispositions.put(number, PYTHON_HANDLER);
        }
    }

    /** What became of a signal given to the run. */
    enum Delivery { HANDLER, IGNORED, DEFAULT }

    /** Gives signal {@code number} to the run as its disposition says; on DEFAULT, the caller ends the run as the signal would. */
    Delivery deliver(int number) {
        int disposition = dispositions.getOrDefault(number, 0);
        if (disposition == IGNORE) {
            return Delivery.IGNORED;
        }
        SignalHandler handler = handlers.get(number);
        if (disposition != PYTHON_HANDLER || handler == null) {
            return Delivery.DEFAULT;
        }
        try {
            handler.handle(new Signal(ProcessSignals.nameOf(number)));
            return Delivery.HANDLER;
        } catch (UnsupportedOperationException e) {
            // Not GraalPy's handler: it could not install one. The signal ends the run, as it would a process without a handler.
            return Delivery.DEFAULT;
        }
    }

    /** How many times a Python handler of the run has started. */
    long acknowledgements() {
        return acknowledgements.get();
    }
}
