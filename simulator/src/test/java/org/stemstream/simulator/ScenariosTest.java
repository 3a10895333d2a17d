package org.stemstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.stemstream.simulator.io.Json;

class ScenariosTest {

    @Test
    void t1EasyCutsNoCornerOrEveryCornerDeep() {
        for (long seed = 0; seed < 40; seed++) {
            Cuboid c = (Cuboid) Scenarios.named("t1-easy").sample(seed).particle();
            int k = Labels.deformedCount(c);
            assertThat(k).isIn(0, 8);
            for (double f : c.cutDepths()) {
                assertThat(f == 0 || (f >= 0.35 && f <= 0.45)).as("cut depth %s", f).isTrue();
            }
        }
    }

    @Test
    void shipsTheNamedScenarios() {
        assertThat(Scenarios.names()).containsExactly("seed-benchmark", "t1-balanced", "t3-two-corners", "t1-easy", "t1-one-corner", "rotating",
                "mixed-shapes");
        for (String name : Scenarios.names()) {
            assertThat(Scenarios.named(name).name()).isEqualTo(name);
        }
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        assertThatThrownBy(() -> Scenarios.named("seed-bench")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'seed-bench'").hasMessageContaining("seed-benchmark, t1-balanced");
    }

    @Test
    void everySampleIsValidAndDeterministic() {
        for (String name : Scenarios.names()) {
            Scenario s = Scenarios.named(name);
            for (long seed = 0; seed < 200; seed++) {
                SimulationSpec spec = s.sample(seed);
                assertThatCode(() -> Simulator.validate(spec)).as("%s seed %d", name, seed).doesNotThrowAnyException();
                assertThat(spec.seed()).isEqualTo(seed);
                assertThat(s.sample(seed)).isEqualTo(spec);
            }
            assertThat(Json.write(s.parameters())).startsWith("{\"name\":\"" + name + "\"");
        }
    }
}
