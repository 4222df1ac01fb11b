package org.virtbench.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A failure reason that quotes a guest's output cannot become a spreadsheet formula. */
class CsvInjectionTest {
    @Test
    void textThatStartsAFormulaIsShownNotEvaluated() {
        for (String formula : new String[] {"=HYPERLINK(\"http://x\")", "+1", "-cmd|' /C calc'!A0", "@SUM(A1)",
                "\tx", "\rx"}) {
            assertEquals("'" + formula, SampleCsv.text(formula));
        }
        assertEquals("-1.5", SampleCsv.text(-1.5), "numbers stay numbers");
        assertEquals("timed out", SampleCsv.text("timed out"));
        assertEquals("", SampleCsv.text(Double.NaN));
    }
}
