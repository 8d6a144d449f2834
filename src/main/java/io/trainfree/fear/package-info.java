/**
 * FEAR (Dey, Shah and Bubeck, arXiv 2106.04010): ranking architectures by how fast a network trains to a fixed
 * training accuracy and how well its tail alone then learns ({@link io.trainfree.fear.Fear},
 * {@link io.trainfree.fear.FearProtocol}, {@link io.trainfree.fear.FearScore}), and its baseline, shortened regular
 * training ({@link io.trainfree.fear.ShortReg}). Training is the {@code train}
 * package's; this package adds the two stages and the score. Imports {@code train}, {@code model} and {@code data}.
 */
package io.trainfree.fear;
