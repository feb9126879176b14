package io.berth.runc;

import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/**
 * A verb that reads the global options. One base class, so that {@link FastArgs} hands them
 * over with an instanceof test: a pattern switch over the verbs would link a SwitchBootstraps
 * call site at run time, in every command.
 */
abstract class RuncCommand implements Callable<Integer> {
    @ParentCommand
    BerthRunc global;
}
