/**
 * The OCI runtime configuration (config.json) as typed records, one per object of the
 * <a href="https://github.com/opencontainers/runtime-spec/blob/main/config.md">runtime spec</a>.
 * Component names are the JSON names. {@link io.berth.runtime.spec.SpecReader} parses and
 * {@link io.berth.runtime.spec.SpecValidator} checks them; nothing here touches the system.
 */
package io.berth.runtime.spec;
