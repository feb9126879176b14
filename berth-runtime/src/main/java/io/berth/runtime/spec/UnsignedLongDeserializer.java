package io.berth.runtime.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.math.BigInteger;

/** uint64 JSON numbers (rlimits, seccomp values) into a long holding the same 64 bits. */
final class UnsignedLongDeserializer extends JsonDeserializer<Long> {
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            return (Long) ctx.handleUnexpectedToken(Long.class, p);
        }
        BigInteger value = p.getBigIntegerValue();
        if (value.signum() < 0) {
            if (value.equals(BigInteger.ONE.negate())) {
                return -1L;
            }
            throw ctx.weirdNumberException(value, Long.class, "must be an unsigned 64-bit integer");
        }
        if (value.compareTo(MAX) > 0) {
            throw ctx.weirdNumberException(value, Long.class, "does not fit in 64 bits");
        }
        return value.longValue();
    }
}
