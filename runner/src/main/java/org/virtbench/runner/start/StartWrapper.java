package org.virtbench.runner.start;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The gate inside the guest: a few lines of shell that the measured command is started behind.
 * The wrapper says it is ready on standard error and blocks reading one line of standard input.
 * The {@link StartLine} writes that line to every waiting guest: a common start instant on the
 * wall clock, a little ahead, and the longest the wrapper may hold. On reading it the wrapper
 * stamps the wall clock (the release reached it), holds until the start instant, stamps again and
 * starts the command with standard input from {@code /dev/null}, stamps its end, writes the three
 * stamps as the last line of standard error and exits with the command's status.
 *
 * <p>Why the hold: the release is written to the guests one after another, and starting a command
 * costs each guest a fork and an exec that the kernel does not interrupt. Started on receipt, the
 * first guests' process starts would delay the release reaching the last ones; held to a common
 * instant (a timer, which wakes every guest at once) no guest's start delays another's release.
 * What is released is the measured command itself, already started through the transport (whose
 * start-up can take tens of milliseconds in a container), not the runner's thread that would
 * start it; and the hold is not part of the measured span.
 *
 * <p>Before the release the wrapper answers probes: a line {@code ? ID} is answered at once with a
 * {@link #CLOCK} line holding the guest's wall clock, and the wrapper reads on. A guest with its
 * own kernel, whose wall clock is not the host's, is probed a few times: the probe with the
 * shortest round trip relates its clock to the host's ({@link WallClock#bracketed}), so it too is
 * told an instant on its own clock and holds until it, and how long the release took to reach it
 * does not move its start.
 *
 * <p>Under bash the stamps are {@code $EPOCHREALTIME} (a variable: no process is started to read
 * the clock) and the hold is {@code read -t}; under another {@code sh} the stamps are
 * {@code date +%s.%N} and the hold a fractional {@code sleep} (both a process: coarser, and a
 * guest whose {@code date} or {@code sleep} cannot do fractions holds not at all).
 */
public final class StartWrapper {
    /** The first word of the line the wrapper writes when it waits at the gate. */
    public static final String READY = "@virtbench-ready";
    /**
     * The first word of the line the wrapper writes the moment the release reached it, with its
     * clock's reading then: the host times its arrival, and the round trip (release written, this
     * line seen) relates a guest's own clock to the host's (see {@link #spanOwnClock}).
     */
    public static final String GOT = "@virtbench-got";
    /**
     * The first word of the line that answers a probe ({@link #probeLine}): the probe's number and the
     * guest's wall clock when it read the probe.
     */
    public static final String CLOCK = "@virtbench-clock";
    /** The first word of the line with the wall-clock stamps of the release, the start and the end. */
    public static final String SPAN = "@virtbench-span";
    /** The slack allowed between converted guest stamps and the host's own readings around them. */
    static final long TOLERANCE_NANOS = 2_000_000L;

    private static final String BASH = String.join("\n",
            "n=$1; shift",
            // The command's process is forked before the release (the command substitution's
            // subshell waits at the gate and execs it): after the release each guest only stamps
            // and execs, no fork, so n guests woken at once start their commands closer together
            // and the start stamp is the last thing before the exec. The subshell hands its two
            // stamps back through the substitution's pipe, which the exec closes; the command's
            // own output goes to the wrapper's standard output (fd 3).
            "exec 3>&1",
            "x=$(",
            "printf '" + READY + " %s\\n' \"$n\" >&2",
            // a probe ("? ID") is answered with the clock at once; the first other line is the release
            "while IFS=' ' read -r t0 cap || exit 125; [ \"$t0\" = '?' ]; do",
            "printf '" + CLOCK + " %s %s %s\\n' \"$n\" \"$cap\" \"$EPOCHREALTIME\" >&2",
            "done",
            "r=$EPOCHREALTIME",
            "printf '" + GOT + " %s %s\\n' \"$n\" \"$r\" >&2",
            // "+N": hold N microseconds from now (a guest whose wall clock is not the host's)
            "case $t0 in (+*) w=${t0#+} ;; (*) w=$(( t0 - ${r/[.,]/} )) ;; esac",
            "if [ \"$w\" -gt \"$cap\" ]; then w=$cap; fi",
            "if [ \"$w\" -gt 0 ]; then printf -v d '%d.%06d' $((w / 1000000)) $((w % 1000000)); read -t \"$d\" -r _; fi",
            "s=$EPOCHREALTIME",
            "printf '%s %s' \"$r\" \"$s\"",
            "exec \"$@\" </dev/null >&3 3>&-",
            ")",
            "rc=$?",
            "e=$EPOCHREALTIME",
            "if [ -z \"$x\" ]; then exit $rc; fi",
            "printf '\\n" + SPAN + " %s %s %s\\n' \"$n\" \"$x\" \"$e\" >&2",
            "exit $rc");

    private static final String SH = String.join("\n",
            "n=$1; shift",
            "printf '" + READY + " %s\\n' \"$n\" >&2",
            "while IFS=' ' read -r t0 cap || exit 125; [ \"$t0\" = '?' ]; do",
            "printf '" + CLOCK + " %s %s %s\\n' \"$n\" \"$cap\" \"$(date +%s.%N)\" >&2",
            "done",
            "r=$(date +%s.%N)",
            "printf '" + GOT + " %s %s\\n' \"$n\" \"$r\" >&2",
            // The hold in microseconds, as under bash; the stamp's fraction is cut to six digits and
            // prefixed with 1 (then taken off again) so that sh's arithmetic never reads it as octal.
            // A date without %N (no digits after the dot) holds not at all.
            "w=0",
            "case $t0 in",
            "(+*) w=${t0#+} ;;",
            "(*) case $r in (*[!0-9.]*|*.|.*|'') ;; (*.*) f=${r#*.}000000; f=${f%\"${f#??????}\"}",
            "  w=$(( t0 - ${r%.*} * 1000000 - 1$f + 1000000 )) ;; esac ;;",
            "esac",
            "if [ \"$w\" -gt \"$cap\" ]; then w=$cap; fi",
            "if [ \"$w\" -gt 0 ]; then sleep \"$((w / 1000000)).$(printf '%06d' $((w % 1000000)))\" 2>/dev/null; fi",
            "s=$(date +%s.%N)",
            "\"$@\" </dev/null",
            "rc=$?",
            "e=$(date +%s.%N)",
            "printf '\\n" + SPAN + " %s %s %s %s\\n' \"$n\" \"$r\" \"$s\" \"$e\" >&2",
            "exit $rc");

    private StartWrapper() {
    }

    /**
     * The release line: the start instant and the longest hold, both in microseconds (the instant
     * since the epoch on the wall clock). A guest whose clock is not the host's holds at most the
     * longest hold.
     */
    public static String releaseLine(long startWallNanos, long holdNanos) {
        return (startWallNanos / 1000) + " " + (holdNanos / 1000) + "\n";
    }

    /**
     * The release line for a guest whose wall clock is not the host's (it runs its own kernel):
     * hold {@code holdNanos} from the moment the line reaches it, at most {@code capNanos}.
     */
    public static String relativeReleaseLine(long holdNanos, long capNanos) {
        return "+" + Math.max(0, holdNanos / 1000) + " " + (capNanos / 1000) + "\n";
    }

    /** The line that asks a waiting wrapper for its clock: answered by a {@link #CLOCK} line with the same number. */
    public static String probeLine(int probe) {
        return "? " + probe + "\n";
    }

    /**
     * A waiting wrapper's answer to a probe.
     *
     * @param probe     the probe's number
     * @param wallNanos the guest's wall clock when it read the probe, in nanoseconds since the epoch
     */
    public record ClockAnswer(int probe, long wallNanos) {
    }

    /** The answer in a probe's answer line ({@link #CLOCK}) of {@code nonce}; empty when the line is not one. */
    public static Optional<ClockAnswer> clockAnswer(String line, String nonce) {
        String word = CLOCK + " " + nonce + " ";
        if (!line.startsWith(word)) {
            return Optional.empty();
        }
        String[] words = line.substring(word.length()).trim().split(" ");
        try {
            return words.length == 2 ? Optional.of(new ClockAnswer(Integer.parseInt(words[0]),
                    WallClock.parseEpochSeconds(words[1]))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The guest's clock reading in a receipt line ({@link #GOT}) of {@code nonce}, in nanoseconds
     * since the epoch; empty when the line is not one.
     */
    public static OptionalLong gotStamp(String line, String nonce) {
        String word = GOT + " " + nonce + " ";
        if (!line.startsWith(word)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(WallClock.parseEpochSeconds(line.substring(word.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The argv that runs {@code command} behind the gate.
     *
     * @param shell   {@code bash} where the guest has it, else {@code /bin/sh}
     * @param nonce   a word unique to this command, so output of the command cannot pass for the wrapper's
     * @param command the argv to release
     */
    public static List<String> wrap(String shell, String nonce, List<String> command) {
        String script = shell.endsWith("bash") ? BASH : SH;
        List<String> argv = new ArrayList<>(List.of(shell, "-c", script, "virtbench-gate", nonce));
        argv.addAll(command);
        return argv;
    }

    /** The line (without its newline) the wrapper writes when it waits at the gate. */
    public static String readyLine(String nonce) {
        return READY + " " + nonce;
    }

    /**
     * Standard error without the wrapper's stamp line, and the stamps, in nanoseconds since the
     * epoch, when the line was there (the command ran to its end): when the release reached the
     * guest, when the command started, when it ended.
     */
    public record Stripped(String stderr, OptionalLong wallReceived, OptionalLong wallStart, OptionalLong wallEnd) {
        static Stripped none(String stderr) {
            return new Stripped(stderr, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
        }
    }

    /** Takes the stamp line of {@code nonce} off the end of standard error. */
    public static Stripped strip(String stderr, String nonce) {
        stderr = withoutLine(stderr, GOT + " " + nonce + " ");
        String marker = "\n" + SPAN + " " + nonce + " ";
        int at = stderr.lastIndexOf(marker);
        if (at < 0) {
            return Stripped.none(stderr);
        }
        int lineEnd = stderr.indexOf('\n', at + marker.length());
        String line = stderr.substring(at + marker.length(), lineEnd < 0 ? stderr.length() : lineEnd);
        String rest = stderr.substring(0, at) + (lineEnd < 0 ? "" : stderr.substring(lineEnd + 1));
        String[] words = line.trim().split("\\s+");
        try {
            if (words.length == 3) {
                return new Stripped(rest, OptionalLong.of(WallClock.parseEpochSeconds(words[0])),
                        OptionalLong.of(WallClock.parseEpochSeconds(words[1])),
                        OptionalLong.of(WallClock.parseEpochSeconds(words[2])));
            }
        } catch (NumberFormatException e) {
            // a stamp that does not parse (no date in the guest): the host's readings stand in
        }
        return Stripped.none(rest);
    }

    /** Standard error without the first line that starts with {@code word}. */
    private static String withoutLine(String stderr, String word) {
        int from = stderr.startsWith(word) ? 0 : stderr.indexOf("\n" + word);
        if (from < 0) {
            return stderr;
        }
        from = stderr.startsWith(word) ? 0 : from + 1;
        int end = stderr.indexOf('\n', from);
        return stderr.substring(0, from) + (end < 0 ? "" : stderr.substring(end + 1));
    }

    /**
     * Where a gated command ran on the host's monotonic clock.
     *
     * @param startNanos host clock when the command started
     * @param endNanos   host clock when it ended
     * @param source     how the span was taken
     * @param note       why the guest's stamps were not used, when they were there; else null
     * @param receivedNanos host clock when the release reached the guest; null without the guest's stamps
     * @param clock      the command's elapsed time on the guest's own clock and on the host's, for a
     *                   guest with its own kernel; null otherwise
     */
    public record Span(long startNanos, long endNanos, SpanSource source, String note, Long receivedNanos,
                       ClockCheck clock) {
    }

    /**
     * The span of a gated command: the guest's stamps converted to the host's monotonic clock where
     * they agree with the host's own readings around them (a guest that shares the host's kernel: the
     * release reached it after the host wrote it, the command started after that and ended before
     * the host saw it exit), else the host's release (or spawn) and exit readings.
     *
     * @param spawnNanos host clock when the transport started the process
     * @param released   host clock when the gate was opened, if it was
     * @param exitNanos  host clock when the process's exit was seen
     */
    public static Span span(Stripped stripped, Optional<WallClock.Offset> offset, long spawnNanos,
                            Optional<Long> released, long exitNanos) {
        long hostStart = released.orElse(spawnNanos);
        if (stripped.wallStart().isPresent() && offset.isPresent()) {
            long start = offset.get().toMonotonic(stripped.wallStart().getAsLong());
            long end = offset.get().toMonotonic(stripped.wallEnd().getAsLong());
            long slack = TOLERANCE_NANOS + offset.get().uncertainty();
            long received = offset.get().toMonotonic(stripped.wallReceived().getAsLong());
            if (received >= hostStart - slack && received <= start && start <= end && end <= exitNanos + slack) {
                return new Span(start, end, SpanSource.GATE_GUEST_STAMPS, null, received, null);
            }
            return new Span(hostStart, exitNanos, SpanSource.GATE_HOST_READINGS, "the guest's wall clock is "
                    + String.format(java.util.Locale.ROOT, "%.3f", (received - hostStart) / 1e6)
                    + " ms off the host's release: it is not the host's kernel's", null, null);
        }
        return new Span(hostStart, exitNanos, SpanSource.GATE_HOST_READINGS, null, null, null);
    }

    /**
     * The span of a gated command in a guest with its own kernel, whose wall clock is not the
     * host's. The guest's stamps are converted through the better of two offsets between its clock
     * and the host's, each a clock reading bracketed by host readings ({@link WallClock#bracketed}):
     * the probe with the shortest round trip before the release ({@code probed}), and the release's
     * own round trip (the host wrote the release at {@code released} and saw the guest's receipt
     * line, {@link #GOT}, at {@code gotSeen}). The shorter round trip wins; the conversion is good to
     * half of it. Where the converted stamps fall outside the host's readings around them, the
     * host's readings stand (with a note why).
     *
     * <p>Beside the span, the command's elapsed time on both clocks, for the drift check: the
     * guest's from its own stamps, the host's from the release to the command's end as it saw it,
     * less the release's round trip (the release's way in, the end's way out; the probe's where the
     * receipt line is missing) and the guest's hold.
     *
     * @param released host clock when the gate was opened
     * @param gotSeen  host clock when the receipt line arrived; empty when none did
     * @param probed   the offset the probes measured before the release; empty when none was answered
     * @param exitNanos host clock when the command's end was seen (its stamp line, else its exit)
     */
    public static Span spanOwnClock(Stripped stripped, long released, OptionalLong gotSeen,
                                    Optional<WallClock.Offset> probed, long exitNanos) {
        Optional<WallClock.Offset> atRelease = gotSeen.isPresent() && stripped.wallReceived().isPresent()
                ? Optional.of(WallClock.bracketed(released, stripped.wallReceived().getAsLong(), gotSeen.getAsLong()))
                : Optional.empty();
        Optional<WallClock.Offset> best = atRelease.isEmpty() ? probed
                : Optional.of(probed.map(p -> WallClock.tighter(atRelease.get(), p)).orElse(atRelease.get()));
        if (stripped.wallStart().isEmpty() || best.isEmpty()) {
            return new Span(released, exitNanos, SpanSource.GATE_HOST_READINGS, null, null, null);
        }
        WallClock.Offset offset = best.get();
        long start = offset.toMonotonic(stripped.wallStart().getAsLong());
        long end = offset.toMonotonic(stripped.wallEnd().getAsLong());
        long received = offset.toMonotonic(stripped.wallReceived().getAsLong());
        long roundTrip = 2 * atRelease.orElse(offset).uncertainty();
        long hold = stripped.wallStart().getAsLong() - stripped.wallReceived().getAsLong();
        ClockCheck clock = new ClockCheck(end - start, Math.max(1, exitNanos - released - roundTrip - hold),
                roundTrip + 2 * ClockCheck.STAMP_RESOLUTION_NANOS);
        long slack = TOLERANCE_NANOS + offset.uncertainty();
        if (start >= released - slack && start <= end && end <= exitNanos + slack) {
            return new Span(start, end, SpanSource.GATE_GUEST_CLOCK, null, received, clock);
        }
        return new Span(released, exitNanos, SpanSource.GATE_HOST_READINGS, String.format(java.util.Locale.ROOT,
                "the guest's stamps, converted through the %s's round trip of %.3f ms, fall %.3f ms outside "
                        + "the host's readings", offset == atRelease.orElse(null) ? "release" : "clock probe",
                2 * offset.uncertainty() / 1e6, Math.max(released - start, end - exitNanos) / 1e6), null, clock);
    }
}
