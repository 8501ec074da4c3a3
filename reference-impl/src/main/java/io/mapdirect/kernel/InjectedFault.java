package io.mapdirect.kernel;

/**
 * A fault that can be switched on in the model: a known bug of the posted code ({@link KnownBug}) or a
 * test-only fault ({@link TestFault}). The kill matrix's rows name one of either kind.
 */
public sealed interface InjectedFault permits KnownBug, TestFault {
    /** The fault's constant name, as case headers and command lines spell it. */
    String name();
}
