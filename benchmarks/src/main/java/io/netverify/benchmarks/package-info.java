/** Benchmark runners and micro-benchmarks; numbers go to benchmarks/README.md. */
package io.netverify.benchmarks;
