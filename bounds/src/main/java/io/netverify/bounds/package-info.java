/** Sound bound propagation (IBP, CROWN, alpha-CROWN) over the graph IR. */
package io.netverify.bounds;
