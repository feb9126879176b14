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
 */
public record Challenge(String scheme, Map<String, String> params) {

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** Parses every challenge in a header value; unparseable parts are skipped. */
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
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ',')) {
                i++;
            }
            int start = i;
            while (i < n && header.charAt(i) != ' ' && header.charAt(i) != '=' && header.charAt(i) != ',') {
                i++;
            }
            String token = header.substring(start, i);
            if (token.isEmpty()) {
                break;
            }
            if (i < n && header.charAt(i) == '=') {
                i++;
                String value;
                if (i < n && header.charAt(i) == '"') {
                    StringBuilder sb = new StringBuilder();
                    i++;
                    while (i < n && header.charAt(i) != '"') {
                        if (header.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        sb.append(header.charAt(i++));
                    }
                    i++;
                    value = sb.toString();
                } else {
                    int vs = i;
                    while (i < n && header.charAt(i) != ',') {
                        i++;
                    }
                    value = header.substring(vs, i).trim();
                }
                if (scheme != null) {
                    params.put(token.toLowerCase(Locale.ROOT), value);
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
}
