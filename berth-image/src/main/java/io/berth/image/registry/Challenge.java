package io.berth.image.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One authentication challenge from a {@code WWW-Authenticate} header (RFC 7235), e.g.
 * {@code Bearer realm="https://auth.example/token",service="registry",scope="repository:a:pull"}.
 * Parameter names are lower-cased; the scheme is kept as sent (compare it ignoring case).
 */
public record Challenge(String scheme, Map<String, String> params) {

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /**
     * Parses every challenge in a header value: quoted values may hold commas and backslash
     * escapes, whitespace may surround {@code =}. Unparseable parts are skipped.
     */
    public static List<Challenge> parse(String header) {
        List<Challenge> challenges = new ArrayList<>();
        if (header == null) {
            return challenges;
        }
        int i = 0;
        int n = header.length();
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (i < n) {
            i = skip(header, i, " \t,");
            int start = i;
            while (i < n && " \t=,\"".indexOf(header.charAt(i)) < 0) {
                i++;
            }
            String token = header.substring(start, i);
            if (token.isEmpty()) {
                i++; // a stray '=' or '"': step over it
                continue;
            }
            int afterSpace = skip(header, i, " \t");
            if (afterSpace < n && header.charAt(afterSpace) == '=') {
                i = skip(header, afterSpace + 1, " \t");
                StringBuilder value = new StringBuilder();
                i = i < n && header.charAt(i) == '"' ? quoted(header, i + 1, value) : unquoted(header, i, value);
                if (scheme != null) {
                    params.put(token.toLowerCase(Locale.ROOT), value.toString());
                }
            } else {
                if (scheme != null) {
                    challenges.add(new Challenge(scheme, Map.copyOf(params)));
                    params.clear();
                }
                scheme = token;
            }
        }
        if (scheme != null) {
            challenges.add(new Challenge(scheme, Map.copyOf(params)));
        }
        return challenges;
    }

    private static int skip(String s, int i, String chars) {
        while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /** Reads a quoted-string's content from just after the opening quote; returns the index after the closing one. */
    private static int quoted(String s, int i, StringBuilder value) {
        while (i < s.length() && s.charAt(i) != '"') {
            if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                i++;
            }
            value.append(s.charAt(i++));
        }
        return i + 1;
    }

    private static int unquoted(String s, int i, StringBuilder value) {
        int end = s.indexOf(',', i);
        end = end < 0 ? s.length() : end;
        value.append(s.substring(i, end).strip());
        return end;
    }
}
