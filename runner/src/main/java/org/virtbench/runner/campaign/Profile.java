package org.virtbench.runner.campaign;

import java.util.Arrays;
import java.util.Locale;

/** Which value of each {@code @Param} a campaign uses. */
public enum Profile {
    /** The paper's sizes: each parameter's default. */
    PAPER,
    /** Small inputs, so that the whole suite runs in minutes: each parameter's {@code quick} value. */
    QUICK;

    /** As written on the command line and in {@code campaign.json}: {@code paper} or {@code quick}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The profile written as {@code text}, in any case.
     *
     * @throws InvalidOptionsException when it is none
     */
    public static Profile of(String text) {
        return Arrays.stream(values()).filter(p -> p.id().equalsIgnoreCase(text.trim())).findFirst()
                .orElseThrow(() -> new InvalidOptionsException("--profile '" + text + "' is not a profile; use quick or paper"));
    }
}
