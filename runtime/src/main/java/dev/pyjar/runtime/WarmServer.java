package dev.pyjar.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Engine;

/**
 * The warm-start server: a background JVM that keeps GraalPy's engine (and the JVM's compiled
 * code) ready for the runs of one jar ({@link WarmAddress}), each in a fresh context
 * ({@link WarmRun}) that was prepared before it came ({@link RunThreads}). Started detached by a client that found none ({@link #startDetached}); of
 * several started at once, the one that takes the lock file serves and the others exit. It
 * exits by itself after an idle time ({@value #IDLE_VARIABLE}), when its jar is rebuilt or
 * removed, when its socket or directory is removed, and when its heap runs short; and on
 * {@code --pyjar-warm-start stop}.
 */
final class WarmServer {
    static final String IDLE_VARIABLE = "PYJAR_WARM_START_IDLE";
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(15);
    /** How long a run may take to start the Python handler of a signal it was given before it is stopped by force. */
    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final int LOCK_ATTEMPTS = 40;
    /**
     * The server JVM's own options (before the user's, which win), for {@link HeapShrink}: a small
     * initial heap, because it is the floor the serial collector can shrink the heap to (the
     * server commits the default size before it starts); and a heap that shrinks at once, to that
     * floor if need be, when the idle server shrinks it.
     */
    static final List<String> ROLE_OPTIONS = List.of("-Xms16m", "-XX:-ShrinkHeapInSteps");
    /** How long the server waits without runs before it shrinks its heap (a burst of runs is not slowed by it). */
    private static final long COLLECT_AFTER_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How a run whose client is gone ends: as if killed (SIGKILL). */
    private static final int KILLED = 9;
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smh]?)");

    private final Path jar;
    private final WarmAddress address;
    private final Jdk jdk;
    private final List<String> userOptions;
    private final Duration idle;
    private final PythonPack pack;
    private final NativeModuleIsolation isolation;
    private final ImportForecast forecast = new ImportForecast();
    private final RunThreads<WarmContext> runThreads;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("pyjar warm timer"));
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private final long startedNanos = System.nanoTime();
    private volatile long lastActivityNanos = System.nanoTime();
    /** The {@link #lastActivityNanos} the last idle collection followed (only the timer reads and writes it). */
    private long collectedAfter;
    private volatile boolean retiring;
    private ServerSocketChannel listener;

    private WarmServer(Path jar, WarmAddress address, List<String> userOptions, Duration idle, PythonPack pack, Engine engine,
                       Path executable, NativeModuleIsolation isolation) {
        this.jar = jar;
        this.address = address;
        this.jdk = Jdk.current();
        this.userOptions = userOptions;
        this.idle = idle;
        this.pack = pack;
        this.isolation = isolation;
        // The idle shrink waits for a spare's imports ahead as for a run: they fill the heap too.
        this.runThreads = new RunThreads<>(new SparePreparation(pack, engine, executable, isolation, forecast,
                () -> lastActivityNanos = System.nanoTime()));
    }

    /** Starts a server for {@code address} in the background, detached from this process's session and streams; false if it could not be started. */
    static boolean startDetached(Path jar, WarmAddress address, TunedCommand command, Map<String, String> environment) {
        List<String> arguments = new ArrayList<>(List.of(address.directory().toString(), address.key(),
                Long.toString(idleTime(environment.get(IDLE_VARIABLE)).toMillis())));
        arguments.addAll(command.userOptions());
        List<String> server = new ArrayList<>(Detached.prefix());
        // With the signals the runs relay at their default action, whatever the starting run had:
        // the JVM lets nobody, GraalPy included, handle a signal it was started with ignored.
        Detached.onPath("env").ifPresent(env -> server.addAll(List.of(env, "--default-signal=HUP,INT,TERM")));
        server.addAll(command.forJar(LaunchMode.WARM_SERVER, ROLE_OPTIONS, ArchivableJar.direct(jar), arguments));
        try {
            Process process = new ProcessBuilder(server)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.appendTo(address.log().toFile()))
                    .start();
            process.getOutputStream().close();
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** {@value #IDLE_VARIABLE}: seconds, or with an s, m or h suffix; the default when unset or not understood. */
    static Duration idleTime(String text) {
        Matcher matcher = text == null ? null : DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (matcher == null || !matcher.matches()) {
            return DEFAULT_IDLE;
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** What a JVM started by {@link #startDetached} runs: {@code <directory> <key> <idle millis> <user options...>}. */
    static int main(Path jar, String[] args, Map<String, String> environment) {
        if (args.length < 3) {
            return 2;
        }
        WarmAddress address = new WarmAddress(Path.of(args[0]), args[1]);
        if (!address.secure()) {
            return 1;
        }
        HeapShrink.atStart();
        try (FileChannel lockChannel = FileChannel.open(address.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = takeLock(lockChannel)) {
            if (lock == null) {
                return 0;
            }
            List<String> userOptions = List.copyOf(Arrays.asList(args).subList(3, args.length));
            if (!address.key().equals(WarmAddress.key(jar, Jdk.current(), userOptions))) {
                return 0;
            }
            PythonPack pack = PythonPack.openJar(jar);
            Engine engine = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build();
            WarmServer server = new WarmServer(jar, address, userOptions, Duration.ofMillis(Long.parseLong(args[2])), pack, engine,
                    InterpreterScript.locate(jar, environment), NativeModuleIsolation.of(pack));
            if (!server.runThreads.prepareFirst()) {
                return 1;
            }
            server.serve();
            return 0;
        } catch (IOException | PackLoadException | RuntimeException e) {
            System.err.println("pyjar: warm-start server: " + e);
            return 1;
        }
    }

    /**
     * The server's lock, held for its life; null when another server holds it. A client that
     * checks whether a server is alive ({@link WarmAddress#serverAlive}) holds it for a moment:
     * a server that meets such a client tries again rather than giving up the start.
     */
    private static FileLock takeLock(FileChannel channel) throws IOException {
        for (int attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            pause(50);
        }
        return null;
    }

    private void serve() throws IOException {
        Files.deleteIfExists(address.socket());
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(address.socket()));
        // Not SIG_IGN: the JVM lets nobody, GraalPy included, handle a signal that is ignored.
        RunSignals.serverHandles("INT", signal -> { });
        RunSignals.serverHandles("TERM", signal -> exit());
        RunSignals.serverHandles("HUP", signal -> exit());
        // The idle time counts from here: warming up may have taken longer than it.
        lastActivityNanos = System.nanoTime();
        timer.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                if (!listener.isOpen()) {
                    // Closed to retire (or to exit, which halts this JVM): no more runs come.
                    waitForRunsThenExit();
                }
                throw e;
            }
            lastActivityNanos = System.nanoTime();
            daemon("pyjar warm connection").newThread(() -> connection(channel)).start();
        }
    }

    /** Exits when idle too long; stops taking runs when its jar or socket is gone, or its heap runs short. */
    private void watch() {
        if (!retiring && (!current() || lowOnMemory())) {
            retiring = true;
            try {
                listener.close();
            } catch (IOException e) {
                // Closed already.
            }
        }
        long last = lastActivityNanos;
        if (running.get() == 0 && (retiring || System.nanoTime() - last > idle.toNanos())) {
            exit();
        }
        if (running.get() == 0 && collectedAfter != last && System.nanoTime() - last > COLLECT_AFTER_NANOS) {
            collectedAfter = last;
            HeapShrink.now();
        }
    }

    /** Whether the jar is the one this server was started for, and its socket is still there. */
    private boolean current() {
        try {
            return Files.exists(address.socket()) && address.key().equals(WarmAddress.key(jar, jdk, userOptions));
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Whether the heap, as the last collections left it, is over nine tenths full: runs would soon fail for want of memory. */
    private static boolean lowOnMemory() {
        long max = Runtime.getRuntime().maxMemory();
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterCollection = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            live += afterCollection == null ? 0 : afterCollection.getUsed();
        }
        return max != Long.MAX_VALUE && live > max / 10 * 9;
    }

    private void waitForRunsThenExit() {
        while (running.get() > 0) {
            pause(100);
        }
        exit();
    }

    private void connection(SocketChannel channel) {
        try {
            WarmFrames.Request request = WarmFrames.Request.decode(WarmFrames.receive(channel));
            switch (request.command()) {
                case WarmFrames.STATUS -> WarmFrames.sendText(channel, status());
                case WarmFrames.STOP -> {
                    WarmFrames.sendText(channel, "pyjar: stopped the warm-start server for " + jar + " (pid "
                            + ProcessHandle.current().pid() + ")");
                    exit();
                }
                case WarmFrames.RUN -> run(channel, request);
                default -> WarmFrames.sendText(channel, "unknown command");
            }
        } catch (IOException e) {
            // The client went away before its request was whole.
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                // Closed already.
            }
        }
    }

    private void run(SocketChannel channel, WarmFrames.Request request) throws IOException {
        ClientStreams streams;
        try {
            streams = ClientStreams.open(request.pid());
        } catch (IOException | SecurityException e) {
            WarmFrames.sendText(channel, "refused: cannot open the client's standard streams: " + e.getMessage());
            return;
        }
        if (retiring) {
            streams.close();
            WarmFrames.sendText(channel, "refused: the server is stopping");
            return;
        }
        running.incrementAndGet();
        ClientInput input = new ClientInput(channel);
        WarmRun run = new WarmRun(pack, request, streams, input, forecast);
        CompletableFuture<Void> ended = new CompletableFuture<>();
        RunThreads.Run<WarmContext> answered = context -> {
            try {
                int status = run.run(context);
                served.incrementAndGet();
                lastActivityNanos = System.nanoTime();
                WarmFrames.send(channel, WarmFrames.Message.ofInt(WarmFrames.EXIT, status));
                channel.close();
            } catch (IOException e) {
                // The client is gone; nobody waits for the status.
            } finally {
                if (running.decrementAndGet() == 0) {
                    runThreads.quiet();
                }
                ended.complete(null);
            }
        };
        try {
            WarmFrames.sendText(channel, WarmFrames.ACCEPTED);
        } catch (IOException e) {
            running.decrementAndGet();
            streams.close();
            return;
        }
        runThreads.start(answered);
        listen(channel, run, input);
        ended.join();
    }

    /**
     * Gives the run each signal the client relays and the input it asked for; a client gone
     * (killed, say) stops the run, unless it has ended.
     */
    private void listen(SocketChannel channel, WarmRun run, ClientInput input) {
        while (true) {
            int number;
            try {
                WarmFrames.Message message = WarmFrames.receiveMessage(channel);
                if (message.kind() == WarmFrames.INPUT) {
                    input.arrived(message.body());
                    continue;
                }
                number = message.intValue();
            } catch (IOException | RuntimeException e) {
                run.stop(KILLED);
                return;
            }
            String name = ProcessSignals.nameOf(number);
            if (name == null || !WarmClient.RELAYED.contains(name)) {
                // Not a signal pyjar's client relays (another client's, say): no run expects it.
                continue;
            }
            long acknowledged = run.acknowledgements();
            switch (run.signal(number)) {
                case DEFAULT -> {
                    if (ProcessSignals.endsByDefault(name)) {
                        run.stop(number);
                    }
                }
                case HANDLER -> timer.schedule(() -> {
                    if (run.acknowledgements() == acknowledged) {
                        run.stop(number);
                    }
                }, GRACE_NANOS, TimeUnit.NANOSECONDS);
                case IGNORED -> { }
            }
        }
    }

    private String status() {
        Runtime runtime = Runtime.getRuntime();
        long mib = 1 << 20;
        return String.format(Locale.ROOT, "pyjar: warm-start server for %s: pid %d, up %d s, %d runs served, %d running,"
                        + " %d served in a context prepared ahead, %d with modules imported ahead, heap %d of %d MiB, resident %s,"
                        + " native modules %s, exits after %d s idle",
                jar, ProcessHandle.current().pid(), Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds(), served.get(),
                running.get(), runThreads.preparedAhead(), forecast.runsWithImportsAhead(), (runtime.totalMemory() - runtime.freeMemory()) / mib, runtime.maxMemory() / mib, residentMemory(),
                isolation.on() ? "isolated (" + isolation.patchelf() + ")" : "refused", idle.toSeconds());
    }

    private static String residentMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    return (kib >> 10) + " MiB";
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux: say so.
        }
        return "unknown";
    }

    /** Removes the socket (when it is still this server's) and ends the JVM at once, whatever runs. */
    private void exit() {
        try {
            listener.close();
            // Only this server, holding the lock, can have made the socket of this key.
            Files.deleteIfExists(address.socket());
        } catch (IOException | RuntimeException e) {
            // The next server replaces a stale socket.
        }
        Runtime.getRuntime().halt(0);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
