package org.virtbench.runner.campaign;

import java.nio.file.Path;
import org.virtbench.runner.engine.CampaignOutcome;
import org.virtbench.runner.results.ResultsDocument;

/**
 * What {@link CampaignRunner#run} did.
 *
 * @param directory the campaign's folder: journal, results, reports
 * @param outcome   cells run, skipped, failed; whether the campaign was interrupted
 * @param results   the summary written to {@code results.json}
 */
public record CampaignResult(Path directory, CampaignOutcome outcome, ResultsDocument results) {
    /** The command line's exit status: 130 interrupted, 1 a cell failed, else 0. */
    public int exitStatus() {
        if (outcome.interrupted()) {
            return 130;
        }
        return outcome.failed() > 0 ? 1 : 0;
    }
}
