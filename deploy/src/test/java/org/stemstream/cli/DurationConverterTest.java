package org.stemstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsUnitsIsoAndBareSeconds() {
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("PT10S")).isEqualTo(Duration.ofSeconds(10));
        assertThat(converter.convert("pt50m")).isEqualTo(Duration.ofMinutes(50));
        assertThat(converter.convert("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(converter.convert("0s")).isZero();
    }

    @Test
    void refusesWhatIsNotADurationOrIsNegative() {
        for (String bad : new String[] {"10x", "1d", "NaN", "Infinity", "", "s", "PT"}) {
            assertThatThrownBy(() -> converter.convert(bad)).as(bad).isInstanceOf(CommandLine.TypeConversionException.class)
                    .hasMessageContaining("is not a duration (500ms, 10s, 2m, 1h");
        }
        assertThatThrownBy(() -> converter.convert("-5s")).hasMessageContaining("negative");
        assertThatThrownBy(() -> converter.convert("-PT5S")).hasMessageContaining("negative");
    }

    /** Before, every duration option but feed --poll took ISO-8601 only and printed a DateTimeParseException. */
    @Test
    void everyDurationOptionOfTheLauncherReadsTheSameForms() {
        assertThat(parsed(RoleCommands.Fuse.class, "fuse", "--idle-timeout", "30s").idle).isEqualTo(Duration.ofSeconds(30));
        assertThat(parsed(RoleCommands.MonitorRole.class, "monitor", "--poll-interval", "500ms").pollInterval).isEqualTo(Duration.ofMillis(500));
        assertThat(parsed(DemoCommand.class, "demo", "--timeout", "10s").timeout).isEqualTo(Duration.ofSeconds(10));
        assertThat(parsed(TrainCommand.class, "train", "--out", "m", "--time-budget", "2m").timeBudget).isEqualTo(Duration.ofMinutes(2));
        RoleCommands.Classify classify = parsed(RoleCommands.Classify.class, "classify", "--cooldown", "1h", "--model-scan-interval", "PT5S");
        assertThat(classify.autoscale.cooldown).isEqualTo(Duration.ofHours(1));
        assertThat(classify.modelOptions.scanInterval).isEqualTo(Duration.ofSeconds(5));
        assertThat(parsed(FeedCommand.class, "feed", "--folder", "in", "--poll", "2s").poll).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theDefaultsAreTheFormerOnes() {
        assertThat(parsed(RoleCommands.Fuse.class, "fuse").idle).isEqualTo(Duration.ofSeconds(60));
        assertThat(parsed(RoleCommands.MonitorRole.class, "monitor").pollInterval).isEqualTo(Duration.ofSeconds(2));
        assertThat(parsed(DemoCommand.class, "demo").timeout).isEqualTo(Duration.ofMinutes(10));
        assertThat(parsed(TrainCommand.class, "train", "--out", "m").timeBudget).isZero();
        RoleCommands.Classify classify = parsed(RoleCommands.Classify.class, "classify");
        assertThat(classify.autoscale.cooldown).isEqualTo(Duration.ofSeconds(30));
        assertThat(classify.modelOptions.scanInterval).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertThat(DurationConverter.format(Duration.ofSeconds(60))).isEqualTo("1m");
        assertThat(DurationConverter.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationConverter.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(DurationConverter.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(DurationConverter.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void aBadDurationIsOneLine() {
        CliRun run = CliRun.of("fuse", "--idle-timeout", "30x");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("stem fuse: Invalid value for option '--idle-timeout': "
                + "'30x' is not a duration (" + DurationConverter.FORMATS + ")");
    }

    private static <T> T parsed(Class<T> type, String... args) {
        CommandLine.ParseResult result = StemCli.commandLine().parseArgs(args);
        return type.cast(result.subcommand().commandSpec().userObject());
    }
}
