/**
 * Seccomp for containers, split as crun does into <em>generate</em> and <em>apply</em>.
 *
 * <p>{@link io.berth.runtime.seccomp.SeccompCompiler} turns the OCI {@code linux.seccomp}
 * section into a {@link io.berth.runtime.seccomp.SeccompProgram}: classic BPF bytes plus
 * seccomp(2) flags, compiled with libseccomp. This can run anywhere (the daemon, a test) and
 * does all validation, so a bad profile fails the create with a JSON pointer before any
 * process exists.
 *
 * <p>Applying is {@link io.berth.linux.SeccompFilter#install(byte[], int)} on the thread that
 * will execve the workload, as its last step: the filter binds that thread (and what it
 * execs) only.
 *
 * <p>Compatibility with runc, on purpose: unknown syscall names are skipped, reported at debug
 * level as runc does (profiles list syscalls newer than the host's libseccomp); rules whose action equals the
 * default action are skipped; several conditions on the same argument index make one rule
 * per condition (OR), otherwise conditions on one rule AND; and a syscall numbered above all
 * those the profile names fails with ENOSYS rather than the default action
 * ({@link io.berth.runtime.seccomp.EnosysStub}), so programs fall back from calls newer than
 * the profile.
 */
package io.berth.runtime.seccomp;
