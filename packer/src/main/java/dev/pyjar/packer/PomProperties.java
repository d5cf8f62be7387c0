package dev.pyjar.packer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Maven's archiver writes {@code META-INF/maven/<group>/<artifact>/pom.properties} with the build
 * date as a comment line when {@code project.build.outputTimestamp} is unset, in the build
 * machine's time zone and locale: the one entry that would make two builds of the same sources
 * differ. Comments carry nothing a properties reader sees, so the merged jar keeps these files
 * without them.
 */
final class PomProperties {
    private static final String PREFIX = "META-INF/maven/";
    private static final String SUFFIX = "/pom.properties";

    private PomProperties() {}

    static boolean isPomProperties(String entryName) {
        return entryName.startsWith(PREFIX) && entryName.endsWith(SUFFIX);
    }

    /** The file's lines but its comments ({@code #} or {@code !} first, after blanks), with {@code \n} line ends. */
    static byte[] withoutComments(InputStream content) throws IOException {
        String text = new String(content.readAllBytes(), StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        for (String line : text.split("\r\n|\r|\n")) {
            String start = line.stripLeading();
            if (!start.isEmpty() && start.charAt(0) != '#' && start.charAt(0) != '!') {
                kept.writeBytes((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return kept.toByteArray();
    }
}
