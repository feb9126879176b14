package io.berth.image.manifest;

import java.time.Duration;
import java.util.List;

/**
 * Docker's HEALTHCHECK in an image config ({@code config.Healthcheck}); not in the OCI spec,
 * but {@code docker image inspect} and {@code docker run} use it. A zero duration or retry
 * count means "not set" (use the default), as in Docker.
 *
 * @param test e.g. {@code ["CMD-SHELL", "curl -f http://localhost/"]}, or {@code ["NONE"]} to disable an inherited check
 */
public record Healthcheck(List<String> test, Duration interval, Duration timeout, Duration startPeriod,
                          Duration startInterval, int retries) {

    public Healthcheck {
        test = ImmutableCopies.list(test);
        interval = interval == null ? Duration.ZERO : interval;
        timeout = timeout == null ? Duration.ZERO : timeout;
        startPeriod = startPeriod == null ? Duration.ZERO : startPeriod;
        startInterval = startInterval == null ? Duration.ZERO : startInterval;
        if (retries < 0) {
            throw new IllegalArgumentException("healthcheck retries cannot be negative: " + retries);
        }
    }
}
