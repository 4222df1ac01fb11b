package org.virtbench.runner.engine;

/**
 * What a campaign run did.
 *
 * @param cells       cells in the campaign
 * @param run         cells run by this process
 * @param skipped     cells finished by an earlier process and not run again
 * @param failed      cells run by this process that failed
 * @param interrupted true when the JVM began shutting down before the campaign ended
 */
public record CampaignOutcome(int cells, int run, int skipped, int failed, boolean interrupted) {
}
