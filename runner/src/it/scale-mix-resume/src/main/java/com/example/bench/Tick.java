package com.example.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.virtbench.annotations.Measure;
import org.virtbench.annotations.Param;
import org.virtbench.annotations.Requires;
import org.virtbench.annotations.Setup;
import org.virtbench.annotations.Unit;
import org.virtbench.annotations.Workload;
import org.virtbench.guest.Command;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;

/** A timed {@code true}: nearly no work, so the test is the plugin's and not the workload's. */
@Workload(name = "tick", unit = Unit.SECONDS, description = "a timed true")
@Requires(packages = "coreutils", commands = "true")
public class Tick {
    /**
     * When set, a file: the first setup of a second guest creates it and halts the JVM (as a
     * kill -9 would), so that the campaign is left to be resumed. Empty: never.
     */
    @Param(value = "", description = "file that marks the one halt; empty for none")
    String haltOnce;

    @Setup
    public void stage(Guest guest) {
        if (!haltOnce.isEmpty() && guest.index() == 1) {
            try {
                Files.createFile(Path.of(haltOnce));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().halt(137);
        }
    }

    @Measure
    public Measurement tick(Guest guest) {
        return guest.time(Command.of("true"), Unit.SECONDS);
    }
}
