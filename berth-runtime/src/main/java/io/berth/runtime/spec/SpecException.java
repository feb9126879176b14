package io.berth.runtime.spec;

import java.util.List;

/** config.json is malformed, invalid or asks for something unsupported; names each field. */
public final class SpecException extends RuntimeException {
    private final List<SpecProblem> problems;

    public SpecException(List<SpecProblem> problems) {
        this("config.json", problems);
    }

    /** {@code what} names the document, e.g. "config.json" or "process". */
    public SpecException(String what, List<SpecProblem> problems) {
        super(format(what, problems));
        this.problems = List.copyOf(problems);
    }

    public SpecException(String pointer, String message) {
        this(List.of(new SpecProblem(pointer, message)));
    }

    public List<SpecProblem> problems() {
        return problems;
    }

    private static String format(String what, List<SpecProblem> problems) {
        StringBuilder sb = new StringBuilder("invalid " + what + ": ");
        for (int i = 0; i < problems.size(); i++) {
            if (i > 0) {
                sb.append("; ");
            }
            sb.append(problems.get(i));
        }
        return sb.toString();
    }

    /** One problem at a JSON pointer (RFC 6901), e.g. {@code /process/args}. */
    public record SpecProblem(String pointer, String message) {
        @Override
        public String toString() {
            return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
        }
    }
}
