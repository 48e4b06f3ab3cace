/** Branch-and-bound: domains, branching heuristics, split constraints, LP sub-solves. */
package io.netverify.bab;
