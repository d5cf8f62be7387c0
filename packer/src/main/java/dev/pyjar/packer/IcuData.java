package dev.pyjar.packer;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ICU data an app's jar can do without. GraalVM ships ICU4J, shaded, with the data of every
 * ICU service: locales, collation, time zones, units, currencies, transliteration, 190 charset
 * converters. GraalPy (and TRegex's Python flavour) call into ICU only through {@link #ENTRY_POINTS}:
 * character properties and names, case mapping, normalization, word breaks for {@code str.title},
 * and {@code CharsetICU} for the two codecs the JDK lacks, UTF-7 (algorithmic) and HZ (which reads
 * the GBK converter). None of those reads the data left out here (benchmarks/README.md, "Jar size",
 * has the resource-loading log and the conformance check behind that).
 *
 * <p>The data stays whenever any class of the jar outside ICU refers to an ICU class that is not
 * an entry point (GraalJS, say, or a newer GraalPy using more of ICU): {@link #leavesOut} then
 * keeps everything.
 */
final class IcuData {
    private static final String ICU = "org/graalvm/shadowed/com/ibm/icu/";
    private static final String DATA = ICU + "impl/data/icudata/";
    /** The ICU classes GraalPy 25.0 and TRegex refer to, whose services read only the data kept. */
    private static final Set<String> ENTRY_POINTS = Set.of(
            "charset/CharsetICU", "impl/Punycode", "lang/UCharacter", "lang/UCharacter$NumericType", "lang/UProperty",
            "lang/UProperty$NameChoice", "text/BreakIterator", "text/CaseMap", "text/CaseMap$Title", "text/Normalizer2",
            "text/StringPrepParseException", "util/VersionInfo");
    /** Data of locale services: collation, currencies, language and region names, units, zones, transliteration, number spellout. */
    private static final Set<String> LOCALE_SERVICES = Set.of("coll/", "curr/", "lang/", "rbnf/", "region/", "translit/", "unit/", "zone/");
    /** Locale bundles ({@code de.res}, {@code zh_Hant_TW.res}); {@code root.res} and {@code res_index.res} stay. */
    private static final Pattern LOCALE_BUNDLE = Pattern.compile("[a-z]{2,3}(_[A-Za-z0-9]+)*\\.res");
    /** HZ's converter reads GBK's tables. */
    private static final Set<String> CONVERTERS_KEPT = Set.of("ibm-1386_P100-2001.cnv", "windows-936-2000.cnv");

    private IcuData() {}

    static boolean isIcuClass(String entryName) {
        return entryName.startsWith(ICU);
    }

    /** Whether the entry is ICU data that none of the entry points reads. */
    static boolean leavesOut(String entryName) {
        if (!entryName.startsWith(DATA)) {
            return false;
        }
        String file = entryName.substring(DATA.length());
        for (String service : LOCALE_SERVICES) {
            if (file.startsWith(service)) {
                return true;
            }
        }
        if (file.indexOf('/') >= 0) {
            return false;
        }
        if (file.endsWith(".cnv")) {
            return !CONVERTERS_KEPT.contains(file);
        }
        return LOCALE_BUNDLE.matcher(file).matches() && !file.equals("res_index.res");
    }

    /** Collects, from one class file outside ICU, the ICU classes it names that are not entry points. */
    static void unknownUses(byte[] classFile, Set<String> found) {
        // Latin-1 keeps one char per byte, and String.indexOf is vectorized: a build scans every class.
        String text = new String(classFile, StandardCharsets.ISO_8859_1);
        collect(text, ICU, '/', found);
        collect(text, ICU.replace('/', '.'), '.', found);
    }

    private static void collect(String text, String prefix, char separator, Set<String> found) {
        for (int at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + prefix.length())) {
            int end = at + prefix.length();
            while (end < text.length() && isNamePart(text.charAt(end), separator)) {
                end++;
            }
            String name = text.substring(at + prefix.length(), end).replace(separator, '/');
            if (!ENTRY_POINTS.contains(name)) {
                found.add(ICU + name);
            }
        }
    }

    private static boolean isNamePart(char c, char separator) {
        return c == separator || c == '$' || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
