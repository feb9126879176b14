package io.berth.storage.volume;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as Docker's storage options take them (its RAMInBytes): a number, optionally with a
 * fraction, then an optional unit k, m, g, t or p in either case, meaning powers of 1024, with an
 * optional "i" and "b": {@code 100M}, {@code 1.5GiB}, {@code 512k}, {@code 4096}, {@code 1 GB}.
 */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?) ?(?:([kmgtp])i?)?b?",
            Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "kmgtp";
    private static final String[] SYMBOLS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSize() {}

    /** The number of bytes {@code text} stands for; a fraction of a byte is dropped, as Docker does. */
    public static long parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("invalid size \"\": " + expected());
        }
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size \"" + text + "\": " + expected());
        }
        BigDecimal value = new BigDecimal(m.group(1));
        if (m.group(2) != null) {
            int power = UNITS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
            value = value.multiply(BigDecimal.valueOf(1024).pow(power));
        }
        try {
            return value.setScale(0, RoundingMode.DOWN).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("size \"" + text + "\" is too large: the limit is "
                    + format(Long.MAX_VALUE), e);
        }
    }

    /** A short human form in binary units, such as {@code 16 MiB} or {@code 1.5 GiB}. */
    public static String format(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative size " + bytes);
        }
        int unit = 0;
        BigDecimal value = BigDecimal.valueOf(bytes);
        BigDecimal kibi = BigDecimal.valueOf(1024);
        while (value.compareTo(kibi) >= 0 && unit < SYMBOLS.length - 1) {
            value = value.divide(kibi);
            unit++;
        }
        BigDecimal shown = value.setScale(value.scale() > 0 ? 1 : 0, RoundingMode.HALF_UP).stripTrailingZeros();
        return shown.toPlainString() + " " + SYMBOLS[unit];
    }

    private static String expected() {
        return "expected a number of bytes with an optional unit k, m, g, t or p (powers of 1024),"
                + " such as 100M, 1.5G or 1GiB";
    }
}
