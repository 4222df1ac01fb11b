package org.virtbench.runner.transport.ssh;

import java.math.BigDecimal;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the guest's own clock around a command, so that a guest clock that runs fast or slow
 * against the host's (as emulated timers do under load) can be seen and flagged.
 *
 * <p>The command runs inside a small POSIX shell wrapper that, with shell builtins only,
 * reads {@code /proc/uptime} just before and just after the command and writes both readings as
 * the last line of standard error; the transport strips that line again. {@code /proc/uptime} is
 * the kernel's boot-time clock, which is CLOCK_MONOTONIC plus time spent suspended (a guest is
 * never suspended while it runs a command), so it neither jumps nor is slewed like the
 * wall clock ({@code date +%s%N}, CLOCK_REALTIME) that an NTP daemon may step. Its resolution is
 * 10 ms; {@link ClockDrift} accounts for that. Builtins matter: starting {@code date} twice would
 * put two process starts, tens of milliseconds each under emulation, inside the guest's span.
 *
 * <p>The wrapper first writes its process id as the first line of standard error (also
 * stripped), so that a command past its timeout can be killed with its whole process tree.
 *
 * <p>SSH hands an exec request to the account's login shell ({@code $SHELL -c STRING}), and the
 * wrapper is that string: it needs a POSIX login shell (sh, dash, bash, ash, ksh, zsh), as does
 * the quoting of {@link org.virtbench.guest.Command#toShellString()} itself. Not wrapping it in
 * another {@code /bin/sh -c} saves a process start per command (about 35 ms under TCG).
 */
final class GuestClock {
    /** The guest clock's resolution: {@code /proc/uptime} has two decimals. */
    static final long RESOLUTION_NANOS = 10_000_000L;

    private static final String PID_TAG = "VIRTBENCH-PID ";
    private static final String CLOCK_TAG = "VIRTBENCH-CLOCK ";
    private static final Pattern PID_LINE = Pattern.compile("\\A" + PID_TAG + "(\\d+)\n");
    private static final Pattern CLOCK_LINE = Pattern.compile("\n" + CLOCK_TAG + "(\\d+(?:\\.\\d+)?) (\\d+(?:\\.\\d+)?)\n\\z");

    private GuestClock() {
    }

    /**
     * The exec string that runs {@code shellCommand} (already quoted for a POSIX shell) with its
     * standard input from {@code /dev/null}, the clock read around it, and its exit status kept.
     */
    static String wrap(String shellCommand) {
        String script = "printf '" + PID_TAG + "%s\\n' $$ >&2; "
                + "read vb_t0 vb_rest </proc/uptime; "
                + "{ " + shellCommand + "\n} </dev/null; "
                + "vb_rc=$?; "
                + "read vb_t1 vb_rest </proc/uptime; "
                + "printf '\\n" + CLOCK_TAG + "%s %s\\n' \"$vb_t0\" \"$vb_t1\" >&2; "
                + "exit $vb_rc";
        // Run by the login shell itself: a nested "/bin/sh -c" would start a second shell per
        // command, tens of milliseconds under emulation, for nothing.
        return script;
    }

    /**
     * The exec string that writes the login shell's process id as {@link #wrap} does, then replaces
     * the shell with {@code shellCommand} (already quoted): the same process, so a command past its
     * timeout is killed the same way, and no second shell is started.
     */
    static String execWithPid(String shellCommand) {
        return "printf '" + PID_TAG + "%s\\n' $$ >&2; exec " + shellCommand;
    }

    /** The exec string that kills process {@code pid}, its process group and every descendant. */
    static String killTree(long pid) {
        // Stop each process before reading its children so none can start a new one unseen;
        // children are killed before their parent, whose death would hand them to init.
        String script = "kill -KILL -- -" + pid + " 2>/dev/null; "
                + "vb_kill() { kill -STOP \"$1\" 2>/dev/null; "
                + "for vb_c in $(cat /proc/\"$1\"/task/*/children 2>/dev/null); do vb_kill \"$vb_c\"; done; "
                + "kill -KILL \"$1\" 2>/dev/null; }; "
                + "vb_kill " + pid + "; exit 0";
        return script;
    }

    /** What the wrapper added to standard error, separated from what the command wrote. */
    record Parsed(String stderr, OptionalLong guestElapsedNanos, OptionalLong pid) {
    }

    /** Strips the wrapper's lines from {@code stderr}; what is missing stays empty. */
    static Parsed parse(String stderr) {
        String rest = stderr;
        OptionalLong pid = OptionalLong.empty();
        Matcher p = PID_LINE.matcher(rest);
        if (p.find()) {
            pid = OptionalLong.of(Long.parseLong(p.group(1)));
            rest = rest.substring(p.end());
        }
        OptionalLong elapsed = OptionalLong.empty();
        Matcher c = CLOCK_LINE.matcher(rest);
        if (c.find()) {
            BigDecimal start = new BigDecimal(c.group(1));
            BigDecimal end = new BigDecimal(c.group(2));
            elapsed = OptionalLong.of(end.subtract(start).movePointRight(9).longValueExact());
            rest = rest.substring(0, c.start());
        }
        return new Parsed(rest, elapsed, pid);
    }

    /** The process id from the start of a partial standard error, as far as it was written. */
    static OptionalLong pid(String partialStderr) {
        Matcher p = PID_LINE.matcher(partialStderr);
        return p.find() ? OptionalLong.of(Long.parseLong(p.group(1))) : OptionalLong.empty();
    }
}
