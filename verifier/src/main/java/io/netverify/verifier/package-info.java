/** VNN-LIB specifications, attacks, the verification pipeline and its results. */
package io.netverify.verifier;
