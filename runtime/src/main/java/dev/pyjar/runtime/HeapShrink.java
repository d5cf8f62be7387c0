package dev.pyjar.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Gives an idle warm server's unused heap back to the system: a full collection with HotSpot's
 * heap free ratios lowered for its duration, so that the collector shrinks the heap to little more
 * than what it holds (down to the initial heap size at most, see {@link WarmServer#ROLE_OPTIONS}),
 * and releases the rest, which the runs' garbage had made resident. The ratios then go back, so
 * that runs grow the heap as they need. Measured in benchmarks/README.md ("Warm start").
 */
final class HeapShrink {
    private static final String MIN = "MinHeapFreeRatio";
    private static final String MAX = "MaxHeapFreeRatio";
    /** Free heap the shrink leaves, in per cent of the heap. */
    private static final String LEFT_FREE = "10";

    private HeapShrink() {}

    static void now() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min;
        String max;
        try {
            min = hotSpot.getVMOption(MIN).getValue();
            max = hotSpot.getVMOption(MAX).getValue();
            // The minimum first: HotSpot keeps MinHeapFreeRatio <= MaxHeapFreeRatio at every step.
            hotSpot.setVMOption(MIN, "0");
            hotSpot.setVMOption(MAX, LEFT_FREE);
        } catch (IllegalArgumentException | UnsupportedOperationException | SecurityException e) {
            // Another JVM, or options it will not change: a plain collection still frees what it can.
            System.gc();
            return;
        }
        try {
            System.gc();
        } finally {
            hotSpot.setVMOption(MAX, max);
            hotSpot.setVMOption(MIN, min);
        }
    }
}
