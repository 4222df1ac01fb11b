package org.virtbench.runner.campaign;

/**
 * Every option of a campaign, as the command line spells it and as the Maven plugin's property
 * names it. One list, so that an option the command line has and the plugin lacks fails the build
 * (the parity test compares both with this list). Add a constant here with every new field of
 * {@link CampaignOptions}.
 */
public enum RunOption {
    BACKEND("--backend", "virtbench.backends"),
    INCLUDE("--include", "virtbench.includes"),
    EXCLUDE("--exclude", "virtbench.excludes"),
    PROFILE("--profile", "virtbench.profile"),
    PARAM("--param", "virtbench.params"),
    REPEAT("--repeat", "virtbench.repeat"),
    DISCARD("--discard", "virtbench.discard"),
    SCALE("--scale", "virtbench.scales"),
    VM_MEMORY("--vm-memory", "virtbench.vmMemory"),
    MIX("--mix", "virtbench.mix"),
    TELEMETRY("--telemetry", "virtbench.telemetry"),
    ORDER("--order", "virtbench.order"),
    PROVISIONINGS("--provisionings", "virtbench.provisionings"),
    STATS("--stats", "virtbench.stats"),
    RSD("--rsd", "virtbench.rsd"),
    OUT("--out", "virtbench.outputDirectory"),
    FORMAT("--format", "virtbench.formats"),
    BUDGET("--budget", "virtbench.budget"),
    RESUME("--resume", "virtbench.resume");

    private final String option;
    private final String property;

    RunOption(String option, String property) {
        this.option = option;
        this.property = property;
    }

    /** The long option of {@code virtbench run}, such as {@code --vm-memory}. */
    public String option() {
        return option;
    }

    /** The Maven plugin's user property, such as {@code virtbench.vmMemory}. */
    public String property() {
        return property;
    }
}
