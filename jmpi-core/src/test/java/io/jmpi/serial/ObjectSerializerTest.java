package io.jmpi.serial;

import io.jmpi.MpiException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectSerializerTest {
    private final ObjectSerializer serializer = new ObjectSerializer();

    record Point(int x, int y) {
    }

    enum Color { RED, GREEN }

    private Object roundTrip(Object o) {
        byte[] b = serializer.serialize(o);
        return serializer.deserialize(b, 0, b.length);
    }

    @Test
    void shouldRoundTripCommonJdkTypes() {
        List<Object> values = List.of(
                new Point(1, 2), Color.GREEN, 42, 4.5, "text", new BigInteger("123456789012345678901234567890"),
                new BigDecimal("3.14159"), UUID.randomUUID(), Instant.ofEpochSecond(1_700_000_000L),
                List.of(1, 2, 3), List.of(), List.of("one"), Set.of("a", "b"), Map.of("k", 1, "l", 2), Map.of(),
                Arrays.asList(1, 2), Collections.unmodifiableList(new ArrayList<>(List.of(5))),
                Collections.unmodifiableMap(new java.util.HashMap<>(Map.of("x", 1))),
                new int[] {1, 2}, new String[] {"a", null});
        for (Object v : values) {
            Object back = roundTrip(v);
            if (v.getClass().isArray()) {
                assertThat(back).as(v.getClass().getName()).isEqualTo(v);
            } else {
                assertThat(back).as(v.getClass().getName()).isEqualTo(v);
            }
        }
        assertThat(roundTrip(null)).isNull();
        assertThat(roundTrip(Optional.of("x"))).isEqualTo(Optional.of("x"));
    }

    @Test
    void shouldNameTheCauseOfCorruptInput() {
        byte[] garbage = {1, 2, 3, 4, 5};
        assertThatThrownBy(() -> serializer.deserialize(garbage, 0, garbage.length))
                .isInstanceOf(MpiException.class)
                .hasMessageContaining("deserialize");
    }
}
