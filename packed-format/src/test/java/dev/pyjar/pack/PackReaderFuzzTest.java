package dev.pyjar.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the reader (Jazzer): whatever the bytes, walking everything a pack
 * offers ends normally or in a {@link PackFormatException}, and nothing the reader hands out is
 * larger than its input. Any other exception or error, or a hang, is a finding.
 *
 * <p>{@code mvn install} fuzzes for {@code maxDuration} (this module's pom sets {@code JAZZER_FUZZ});
 * {@code -Djazzer.fuzz=0} only replays the inputs in {@code PackReaderFuzzTestInputs/walkAnyInput}
 * under {@code src/test/resources}: writer-made seeds, and past findings, which Jazzer writes there
 * itself. A longer session, which keeps what it learns in {@code packed-format/.cifuzz-corpus}:
 * <pre>mvn -o -pl packed-format test -Dtest=PackReaderFuzzTest -Djazzer.max_duration=1h</pre>
 */
class PackReaderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void walkAnyInput(byte[] input) {
        walk(ByteBuffer.wrap(input));
        if (input.length >= PackLayout.HEADER_SIZE) {
            // Mutated bytes almost never keep their checksums valid, so resealing is what lets the fuzzer
            // reach the bounds, name and metadata checks behind them; the length is fixed for the same reason.
            PackForgery forgery = new PackForgery(input);
            forgery.pack.putInt(PackLayout.PACK_LENGTH_AT, input.length);
            walk(forgery.reseal().pack);
        }
    }

    private static void walk(ByteBuffer pack) {
        try {
            PackWalker.walk(pack);
            assertBoundedBy(pack.remaining(), PackReader.open(pack));
        } catch (PackFormatException refused) {
            // The one way a reader may fail.
        }
    }

    /** Whatever a field claims, what the reader returns must fit in the bytes it was given. */
    private static void assertBoundedBy(int size, PackReader reader) throws PackFormatException {
        assertTrue(reader.moduleCount() <= size / PackLayout.MODULE_RECORD_SIZE, "module count");
        assertTrue(reader.resourceCount() <= size / PackLayout.RESOURCE_RECORD_SIZE, "resource count");
        // A char never takes fewer than one byte of UTF-8.
        long text = reader.runtimeTag().graalPyVersion().length() + reader.runtimeTag().cacheTag().length();
        for (Map.Entry<String, String> property : reader.properties().entrySet()) {
            text += property.getKey().length() + property.getValue().length();
        }
        assertTrue(text <= size, "metadata text");
        for (int i = 0; i < reader.moduleCount(); i++) {
            ModuleEntry module = reader.moduleAt(i);
            assertTrue(module.name().length() <= size, "module name");
            assertBlobBoundedBy(size, reader, module.code().orElse(null));
            assertBlobBoundedBy(size, reader, module.source().orElse(null));
            if (module.source().isPresent()) {
                // Inflating may grow a source, but never past what DEFLATE can expand its stream to.
                long stream = module.source().get().length();
                assertTrue(reader.readSource(module.source().get()).remaining() <= stream * SourceBlobs.MAX_INFLATION, "source");
            }
            assertRange(reader.moduleRange(module.name()), reader.moduleCount());
        }
        for (int i = 0; i < reader.resourceCount(); i++) {
            ResourceEntry resource = reader.resourceAt(i);
            assertTrue(resource.path().length() <= size, "resource path");
            assertBlobBoundedBy(size, reader, resource.data());
            assertRange(reader.resourceRange(resource.path()), reader.resourceCount());
        }
    }

    private static void assertBlobBoundedBy(int size, PackReader reader, Blob blob) throws PackFormatException {
        if (blob != null) {
            assertTrue(blob.length() <= size - PackLayout.HEADER_SIZE, "blob length");
            assertEquals(blob.length(), reader.read(blob).remaining());
        }
    }

    private static void assertRange(int[] range, int count) {
        assertTrue(range.length == 2 && 0 <= range[0] && range[0] <= range[1] && range[1] <= count, "range");
    }
}
