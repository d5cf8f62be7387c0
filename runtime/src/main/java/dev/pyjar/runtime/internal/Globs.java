package dev.pyjar.runtime.internal;

import java.util.regex.Pattern;

/** Name patterns as pyjar's parameters and switches take them: {@code *} matches any run of characters, the rest is literal. */
public final class Globs {
    private Globs() {}

    public static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String literal : glob.trim().split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString());
    }
}
