package dev.pyjar.packer;

import dev.pyjar.runtime.internal.Distribution;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The jar's list of the third-party distributions it carries, for license and vulnerability audits. */
public final class BillOfMaterials {
    public static final String JAR_ENTRY = "META-INF/pyjar/distributions.tsv";
    static final String HEADER = "# name\tversion\tlicense\tlicense files (paths inside the pack)\n";

    private BillOfMaterials() {}

    /** One tab-separated line per distribution, sorted by name, after a header line. */
    public static byte[] of(List<Distribution> distributions) {
        StringBuilder text = new StringBuilder(HEADER);
        distributions.stream().map(Distribution::billOfMaterialsLine).sorted(String.CASE_INSENSITIVE_ORDER)
                .forEach(line -> text.append(line).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
