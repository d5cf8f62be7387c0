package dev.pyjar.packer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipInstallTest {
    @TempDir
    Path work;

    @Test
    void localInputsAreWhatPipReadsFromDisk() throws IOException {
        Path requirements = Files.writeString(work.resolve("requirements.txt"), "rich==13.3.1\n");
        Path wheel = Files.writeString(work.resolve("tool-1.0-py3-none-any.whl"), "a wheel");
        PipInstall pip = new PipInstall(List.of("rich[jupyter]>=13", wheel.toString(), "https://example.org/x.whl"), requirements,
                List.of("--no-index", "--find-links=" + work.resolve("a"), "-f", work.resolve("b").toString(),
                        "--find-links", "https://example.org/simple", "--index-url=https://example.org"));
        assertEquals(List.of(requirements, work.resolve("a"), work.resolve("b"), wheel), pip.localInputs());
    }

    @Test
    void nothingLocalWithoutFilesOrLinks() {
        assertEquals(List.of(), new PipInstall(List.of("rich==13.3.1"), null, List.of("--no-deps")).localInputs());
    }
}
