package org.virtbench.runner.telemetry;

import java.util.concurrent.TimeUnit;

/** USER_HZ, the unit of /proc/stat and /proc/PID/stat, read once with {@code getconf CLK_TCK}. */
final class ClockTicks {
    /** What every Linux architecture virtbench runs on (x86-64, arm64) uses, should getconf fail. */
    private static final long USUAL = 100;
    private static volatile long value;

    private ClockTicks() {
    }

    static long perSecond() {
        long v = value;
        if (v == 0) {
            v = read();
            value = v;
        }
        return v;
    }

    private static long read() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("\\d+")) {
                return Long.parseLong(out);
            }
        } catch (java.io.IOException e) {
            // getconf is in libc-bin, on every Debian: fall back to the usual value
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return USUAL;
    }
}
