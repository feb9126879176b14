package io.berth.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void distributionsBearerChallenge() {
        List<Challenge> parsed = Challenge.parse(
                "Bearer realm=\"http://127.0.0.1:5001/token\",service=\"registry\",scope=\"repository:a/b:pull,push\"");
        assertEquals(List.of(new Challenge("Bearer", Map.of("realm", "http://127.0.0.1:5001/token",
                "service", "registry", "scope", "repository:a/b:pull,push"))), parsed);
    }

    @Test
    void commasInsideQuotesBelongToTheValue() {
        Challenge c = Challenge.parse("Bearer scope=\"repository:a:pull,push repository:b:pull\",realm=\"r\"").getFirst();
        assertEquals("repository:a:pull,push repository:b:pull", c.param("scope").orElseThrow());
        assertEquals("r", c.param("realm").orElseThrow());
    }

    @Test
    void escapedQuotesAndBackslashesAreUnescaped() {
        Challenge c = Challenge.parse("Basic realm=\"say \\\"hi\\\" \\\\ bye\", charset=\"UTF-8\"").getFirst();
        assertEquals("say \"hi\" \\ bye", c.param("realm").orElseThrow());
        assertEquals("UTF-8", c.param("charset").orElseThrow());
    }

    @Test
    void severalChallengesInOneHeader() {
        List<Challenge> parsed = Challenge.parse("Basic realm=\"a, b\", Bearer realm=\"https://auth/token\", service=\"s\"");
        assertEquals(List.of(new Challenge("Basic", Map.of("realm", "a, b")),
                new Challenge("Bearer", Map.of("realm", "https://auth/token", "service", "s"))), parsed);
    }

    @Test
    void aSchemeWithoutParametersIsStillAChallenge() {
        assertEquals(List.of(new Challenge("Negotiate", Map.of()), new Challenge("Basic", Map.of("realm", "x"))),
                Challenge.parse("Negotiate, Basic realm=x"));
    }

    @Test
    void unquotedValuesParameterNamesInAnyCaseAndSpacesAroundEquals() {
        Challenge c = Challenge.parse("bearer Realm = https://auth.example/token ,\tSERVICE= \"reg\"").getFirst();
        assertEquals("bearer", c.scheme());
        assertEquals(Map.of("realm", "https://auth.example/token", "service", "reg"), c.params());
    }

    @Test
    void nothingUsableGivesNoChallenges() {
        assertEquals(List.of(), Challenge.parse(null));
        assertEquals(List.of(), Challenge.parse(""));
        assertEquals(List.of(), Challenge.parse("  ,  "));
    }

    @Test
    void anUnterminatedQuoteEndsTheValueAtTheEndOfTheHeader() {
        assertEquals("http://x", Challenge.parse("Bearer realm=\"http://x").getFirst().param("realm").orElseThrow());
    }
}
