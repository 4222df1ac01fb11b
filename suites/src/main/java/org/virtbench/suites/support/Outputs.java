package org.virtbench.suites.support;

/** Keeping long tool outputs (rsync's file list, make's compiler lines) to a size a journal line can hold. */
public final class Outputs {
    private Outputs() {
    }

    /**
     * The text itself when it has at most {@code max} characters, else its first and last
     * {@code max / 2} characters around a line that says how much was left out: the head shows how
     * the tool started, the tail holds its summary.
     */
    public static String abridged(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int half = max / 2;
        long lines = text.substring(half, text.length() - half).chars().filter(c -> c == '\n').count();
        return text.substring(0, half) + "\n[... " + (text.length() - 2 * half) + " characters, " + lines
                + " lines left out ...]\n" + text.substring(text.length() - half);
    }
}
