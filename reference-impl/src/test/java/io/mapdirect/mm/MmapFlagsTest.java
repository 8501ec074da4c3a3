package io.mapdirect.mm;

import static io.mapdirect.mm.MmapFlags.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mapdirect.kernel.FlagProfile;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The flag values and text form of spec §2.5, [01] (MAP_SHARED_VALIDATE, LEGACY_MAP_MASK) and [06] (MAP_DIRECT). */
class MmapFlagsTest {

    @Test
    @DisplayName("[01] [06] spec §2.5: asm-generic / x86-64 values")
    void valuesAreTheAsmGenericOnes() {
        assertThat(new int[] {MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE, MAP_DROPPABLE, MAP_TYPE, MAP_FIXED,
            MAP_ANONYMOUS, MAP_32BIT, MAP_GROWSDOWN, MAP_DENYWRITE, MAP_EXECUTABLE, MAP_LOCKED, MAP_NORESERVE,
            MAP_POPULATE, MAP_NONBLOCK, MAP_STACK, MAP_HUGETLB, MAP_SYNC, MAP_DIRECT, MAP_FIXED_NOREPLACE,
            MAP_UNINITIALIZED})
                .containsExactly(0x01, 0x02, 0x03, 0x08, 0x0f, 0x10, 0x20, 0x40, 0x100, 0x800, 0x1000, 0x2000,
                        0x4000, 0x8000, 0x10000, 0x20000, 0x40000, 0x80000, 0x80000, 0x100000, 0x4000000);
        assertThat(new int[] {PROT_NONE, PROT_READ, PROT_WRITE, PROT_EXEC, PROT_GROWSDOWN, PROT_GROWSUP})
                .containsExactly(0, 1, 2, 4, 0x01000000, 0x02000000);
        assertThat(MAP_HUGE_2MB).isEqualTo(21 << 26);
        assertThat(MAP_HUGE_1GB).isEqualTo(30 << 26);
    }

    @Test
    @DisplayName("[01] seed LEGACY_MAP_MASK; 6.x adds only MAP_ABOVE4G; neither has SYNC/DIRECT/NOREPLACE")
    void legacyMasks() {
        assertThat(SEED_LEGACY_MAP_MASK).isEqualTo(0x7c07f973);
        assertThat(LINUX_6X_LEGACY_MAP_MASK).isEqualTo(0x7c07f9f3);
        assertThat(legacyMapMask(FlagProfile.SEED_2017)).isEqualTo(SEED_LEGACY_MAP_MASK);
        assertThat(legacyMapMask(FlagProfile.LINUX_6X)).isEqualTo(LINUX_6X_LEGACY_MAP_MASK);
        for (int mask : new int[] {SEED_LEGACY_MAP_MASK, LINUX_6X_LEGACY_MAP_MASK}) {
            assertThat(mask & (MAP_SYNC | MAP_FIXED_NOREPLACE | MAP_DROPPABLE)).isZero();
        }
        assertThat(SEED_XFS_MAP_SUPPORTED).isEqualTo(0x7c0ff973);
    }

    @Test
    @DisplayName("corpus text: SHARED_VALIDATE|DIRECT, named per profile")
    void describesTheCorpusForm() {
        assertThat(describe(MAP_SHARED_VALIDATE | MAP_DIRECT)).isEqualTo("SHARED_VALIDATE|DIRECT");
        assertThat(describe(FlagProfile.LINUX_6X, MAP_SHARED_VALIDATE | MAP_SYNC)).isEqualTo("SHARED_VALIDATE|SYNC");
        assertThat(describe(MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_2MB))
                .isEqualTo("PRIVATE|ANONYMOUS|HUGETLB|HUGE_2MB");
        assertThat(describe(0)).isEqualTo("0");
        assertThat(describe(0x5 | MAP_FIXED | 0x200)).isEqualTo("FIXED|0x205");
        assertThat(describe(MAP_SHARED | (16 << MAP_HUGE_SHIFT))).isEqualTo("SHARED|0x40000000");
        assertThat(describeProt(PROT_READ | PROT_WRITE)).isEqualTo("READ|WRITE");
        assertThat(describeProt(0)).isEqualTo("NONE");
    }

    @Test
    @DisplayName("parser: names with or without MAP_, numbers, DIRECT and SYNC both 0x80000")
    void parsesNamesAndNumbers() {
        assertThat(parse("SHARED_VALIDATE|DIRECT")).isEqualTo(0x80003);
        assertThat(parse("MAP_SHARED_VALIDATE | MAP_SYNC")).isEqualTo(0x80003);
        assertThat(parse("PRIVATE|ANON|0x40000")).isEqualTo(MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB);
        assertThat(parse("0")).isZero();
        assertThat(parse("SHARED|PRIVATE")).isEqualTo(MAP_SHARED_VALIDATE);
        assertThat(parseProt("PROT_READ|EXEC")).isEqualTo(PROT_READ | PROT_EXEC);
        assertThat(parseProt("NONE")).isZero();
    }

    @Test
    @DisplayName("parser: an unknown name is an error naming the token")
    void unknownTokenIsNamed() {
        assertThatThrownBy(() -> parse("SHARED|DIRCT"))
                .isInstanceOf(FlagSyntaxException.class)
                .hasMessageContaining("'DIRCT'")
                .extracting(e -> ((FlagSyntaxException) e).token()).isEqualTo("DIRCT");
        assertThatThrownBy(() -> parse("SHARED||FIXED"))
                .isInstanceOf(FlagSyntaxException.class)
                .extracting(e -> ((FlagSyntaxException) e).token()).isEqualTo("");
        assertThatThrownBy(() -> parseProt("READ|WRTE")).hasMessageContaining("'WRTE'");
    }

    /** Round trip for every word, in both profiles: the corpus can store any flags word as text. */
    @Property(seed = "20171006")
    void describeThenParseIsIdentity(@ForAll int flags, @ForAll FlagProfile profile, @ForAll int prot) {
        assertThat(parse(describe(profile, flags))).isEqualTo(flags);
        assertThat(parseProt(describeProt(prot))).isEqualTo(prot);
    }
}
