/**
 * Views over sets of reports: {@link ai.llmd.bench.report.view.Comparison} (baseline against
 * candidate, with noise-aware verdicts) and {@link ai.llmd.bench.report.view.HtmlReport} (a
 * self-contained HTML page with charts).
 */
package ai.llmd.bench.report.view;
