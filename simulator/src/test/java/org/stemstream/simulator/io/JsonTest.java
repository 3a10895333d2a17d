package org.stemstream.simulator.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stemstream.simulator.Arrangement;

class JsonTest {

    @Test
    void writesNestedValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", 3);
        m.put("x", 0.25);
        m.put("nan", Double.NaN);
        m.put("s", "a\"b\\c\n");
        m.put("list", List.of(1, 2));
        m.put("arr", new double[] {1.5, -2});
        m.put("ints", new int[] {4, 5});
        m.put("none", null);
        m.put("flag", true);
        m.put("enum", Arrangement.EDGE);
        m.put("nested", Map.of("k", "v"));
        assertThat(Json.write(m)).isEqualTo("{\"n\":3,\"x\":0.25,\"nan\":null,\"s\":\"a\\\"b\\\\c\\n\","
                + "\"list\":[1,2],\"arr\":[1.5,-2.0],\"ints\":[4,5],\"none\":null,\"flag\":true,"
                + "\"enum\":\"EDGE\",\"nested\":{\"k\":\"v\"}}");
        assertThat(Json.write(Arrays.asList("\u0001"))).isEqualTo("[\"\\u0001\"]");
    }
}
