package dev.pyjar.packer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The instant written into every jar entry, so that the same sources give the same bytes. */
public final class BuildTimestamp {
    /** Used when the project sets no {@code project.build.outputTimestamp}. */
    public static final Instant DEFAULT = Instant.parse("1980-02-01T00:00:00Z");
    private static final Instant EARLIEST = Instant.parse("1980-01-01T00:00:02Z");

    private BuildTimestamp() {}

    /**
     * Reads {@code project.build.outputTimestamp} as Maven does: seconds since the epoch or an
     * ISO-8601 date-time; unset or a single character (Maven's "disabled") gives {@link #DEFAULT}.
     */
    public static Instant parse(String outputTimestamp) throws BuildException {
        if (outputTimestamp == null || outputTimestamp.trim().length() < 2) {
            return DEFAULT;
        }
        String value = outputTimestamp.trim();
        try {
            Instant instant = value.chars().allMatch(Character::isDigit)
                    ? Instant.ofEpochSecond(Long.parseLong(value))
                    : OffsetDateTime.parse(value).toInstant();
            if (instant.isBefore(EARLIEST)) {
                throw new BuildException("project.build.outputTimestamp " + value + " is before 1980, which zip files cannot store");
            }
            return instant;
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new BuildException("project.build.outputTimestamp '" + value + "' is neither seconds since the epoch"
                    + " nor an ISO-8601 date-time such as 2026-01-01T00:00:00Z", e);
        }
    }
}
