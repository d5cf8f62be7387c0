package dev.pyjar.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.Optional;

/**
 * Gives an idle warm server's unused heap back to the system without giving up the heap its runs
 * work in. The serial collector never returns the pages of a committed heap that the runs'
 * garbage made resident, and grows its old generation only through a full collection after each
 * step; so the server starts with a small initial heap (the floor a shrink can reach, see
 * {@link WarmServer#ROLE_OPTIONS}) and works in a large committed one:
 * <ol>
 * <li>{@link #atStart}, before the server does anything else: a full collection of a heap that is
 *     still nearly empty, then one with the minimum free ratio raised so that the old generation is
 *     committed at the size HotSpot would have given it by default (the young generation follows
 *     it), as if the floor had not been lowered;</li>
 * <li>{@link #now}, when the server is idle: one full collection with the free ratios lowered, which
 *     uncommits all but a tenth over what the heap holds, so those pages leave the process, then a
 *     second with the minimum ratio raised, which commits the old generation back at its working
 *     size, as fresh pages that are not resident until a run writes to them.</li>
 * </ol>
 * Between them the ratios are HotSpot's. With another collector than the serial one (the user's
 * choice), {@link #now} only shrinks. Measured in benchmarks/README.md ("Warm start").
 */
final class HeapShrink {
    private static final String MIN = "MinHeapFreeRatio";
    private static final String MAX = "MaxHeapFreeRatio";
    /** The serial collector's old generation, as the platform's memory pools name it. */
    private static final String OLD_POOL = "Tenured Gen";
    /** Free heap the shrink leaves, in per cent of the heap. */
    private static final int LEFT_FREE = 10;

    private HeapShrink() {}

    /** Commits the old generation at its default size, before the server does anything else. */
    static void atStart() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        try {
            oldGeneration().ifPresent(old -> {
                // What the old generation holds once collected, which the ratio is a share of.
                System.gc();
                collect(hotSpot, ratioToReach(old, defaultSize(hotSpot)), 100);
            });
        } catch (IllegalArgumentException | UnsupportedOperationException | SecurityException e) {
            // Another JVM, or options it will not show or change: the heap grows as the runs need.
        }
    }

    /**
     * Shrinks the heap to what it holds, then commits its old generation back, untouched, at the
     * size it had (the runs may have grown it), or its default size if that is more.
     */
    static void now() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        Optional<MemoryPoolMXBean> old = oldGeneration();
        try {
            long working = old.isPresent() ? Math.max(old.get().getUsage().getCommitted(), defaultSize(hotSpot)) : 0;
            collect(hotSpot, 0, LEFT_FREE);
            old.ifPresent(pool -> collect(hotSpot, ratioToReach(pool, working), 100));
        } catch (IllegalArgumentException | UnsupportedOperationException | SecurityException e) {
            // Another JVM, or options it will not change: a plain collection still frees what it can.
            System.gc();
        }
    }

    /**
     * The old generation's size had the initial heap been HotSpot's default: its share of the
     * default initial heap ({@code InitialRAMPercentage} of the memory, at most the maximum heap).
     */
    private static long defaultSize(HotSpotDiagnosticMXBean hotSpot) {
        double percent = Double.parseDouble(hotSpot.getVMOption("InitialRAMPercentage").getValue());
        long newRatio = Long.parseLong(hotSpot.getVMOption("NewRatio").getValue());
        long memory = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class).getTotalMemorySize();
        long initialHeap = Math.min((long) (memory * percent / 100), Runtime.getRuntime().maxMemory());
        return initialHeap / (newRatio + 1) * newRatio;
    }

    /** The free ratio at which a full collection leaves {@code pool}, holding what it holds now, {@code committed} bytes large. */
    private static int ratioToReach(MemoryPoolMXBean pool, long committed) {
        double used = pool.getUsage().getUsed();
        return committed <= used ? 0 : (int) Math.min(99, Math.ceil(100 * (1 - used / committed)));
    }

    /** A full collection with the heap's free ratios set to {@code min} and {@code max} per cent for its duration. */
    private static void collect(HotSpotDiagnosticMXBean hotSpot, int min, int max) {
        String oldMin = hotSpot.getVMOption(MIN).getValue();
        String oldMax = hotSpot.getVMOption(MAX).getValue();
        try {
            // HotSpot keeps MinHeapFreeRatio <= MaxHeapFreeRatio at every step: the minimum goes down first, up last.
            hotSpot.setVMOption(MIN, "0");
            hotSpot.setVMOption(MAX, Integer.toString(max));
            hotSpot.setVMOption(MIN, Integer.toString(min));
            System.gc();
        } finally {
            hotSpot.setVMOption(MIN, "0");
            hotSpot.setVMOption(MAX, oldMax);
            hotSpot.setVMOption(MIN, oldMin);
        }
    }

    private static Optional<MemoryPoolMXBean> oldGeneration() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getName().equals(OLD_POOL)).findFirst();
    }
}
