package dev.pyjar.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Wheels that tests write, for builds that install or pack them. */
final class Wheels {
    private Wheels() {
    }

    /** Writes a wheel of {@code files} with the WHEEL and RECORD files an installer needs. */
    static void write(Path wheel, String name, String version, Map<String, String> files) throws IOException {
        Map<String, String> all = new TreeMap<>(files);
        String distInfo = name + "-" + version + ".dist-info/";
        all.put(distInfo + "WHEEL", "Wheel-Version: 1.0\nGenerator: pyjar-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        StringBuilder record = new StringBuilder();
        for (String file : all.keySet()) {
            record.append(file.replace(name + "-" + version + ".data/purelib/", "")).append(",,\n");
        }
        all.put(distInfo + "RECORD", record.append(distInfo).append("RECORD,,\n").toString());
        Files.createDirectories(wheel.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(wheel))) {
            for (Map.Entry<String, String> file : all.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }
}
