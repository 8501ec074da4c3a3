/**
 * The corpus format ({@code fuzz-corpus/FORMAT.md}): {@link io.mapdirect.corpus.CaseParser} and
 * {@link io.mapdirect.corpus.CaseWriter} (one table of operation syntax serves both, and
 * {@link io.mapdirect.corpus.FormatDoc} generates FORMAT.md's tables from it),
 * {@link io.mapdirect.corpus.CorpusFiles} (reading many files, each on its own, so one malformed
 * file hides nothing), {@link io.mapdirect.corpus.CaseVerdict} (the expectation rule and the result
 * checks), {@link io.mapdirect.corpus.Replay} and {@link io.mapdirect.corpus.FoundCases} (where
 * findings go, named by a hash of their text).
 */
package io.mapdirect.corpus;
