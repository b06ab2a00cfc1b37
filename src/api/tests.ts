/**
 * A project's tests and what running them gives: the definitions (`testbed tests`), reports,
 * stored runs, comparisons of sets, and JUnit XML. Running them is TestbedSet.test() and
 * Testbed.compareSets().
 */
export { loadTests, type TestDefinition, type TestSuite } from '../model/testbed-tests.js';
export { allPassed, type TestOutcome, type TestResult, type TestRunReport, type TestSummary } from '../lifecycle/tests/test-result.js';
export type { StoredResult, StoredRun, ResultsQuery } from '../lifecycle/tests/results-store.js';
export type { CompareOptions, OutputDifference, SetComparison, TestComparison } from '../lifecycle/tests/compare-sets.js';
export { junitXml } from '../lifecycle/tests/junit.js';
export { formatMs } from '../set-config/test-expectations.js';
