package org.stemstream.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stemstream.schemas.avro.CuboidShape;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.schemas.avro.SphereShape;
import org.stemstream.simulator.Scenarios;

class FileCampaignTest {
    @Test
    void fileCampaignsReadCsvAndJsonLinesOverTheScenarioDefaults(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("plan.jsonl");
        Files.writeString(jsonl, "{\"shape\":\"cuboid\",\"a\":10,\"b\":11,\"c\":12,\"corners\":\"0:0.25;7:0.3\",\"qw\":1,\"qx\":0,\"qy\":0,\"qz\":0}\n"
                + "{\"shape\":\"sphere\",\"radius\":5,\"views\":2,\"objectId\":\"ball\"}\n");
        List<SimulationRequest> fromJson = new FileCampaign("f", jsonl, Scenarios.named("seed-benchmark"), 1).requests(Instant.EPOCH).toList();
        assertThat(fromJson).hasSize(3);
        CuboidShape cuboid = (CuboidShape) fromJson.get(0).getShape();
        assertThat(List.of(cuboid.getANm(), cuboid.getBNm(), cuboid.getCNm())).containsExactly(10.0, 11.0, 12.0);
        assertThat(cuboid.getDeformedCorners()).extracting(c -> c.getCorner()).containsExactly(0, 7);
        assertThat(fromJson.get(0).getWidthPx()).isEqualTo(128);
        assertThat(fromJson.get(1).getShape()).isEqualTo(new SphereShape(5.0));
        assertThat(fromJson.subList(1, 3)).allSatisfy(r -> assertThat(r.getObjectId()).isEqualTo("ball"));

        Path goodCsv = dir.resolve("good.csv");
        Files.writeString(goodCsv, "shape,a,b,c,corners\ncuboid,10,11,12,3:0.2\ncuboid,9,9,9,\n");
        List<SimulationRequest> fromCsv = new FileCampaign("f", goodCsv, Scenarios.named("seed-benchmark"), 1).requests(Instant.EPOCH).toList();
        assertThat(fromCsv).extracting(r -> ((CuboidShape) r.getShape()).getDeformedCorners().size()).containsExactly(1, 0);
    }

    @Test
    void aBadRowFailsTheFileWithItsLineNumber(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "shape,a,b,c\ncuboid,10,11,12\ncuboid,10,eleven,12\n");
        assertThatThrownBy(() -> new FileCampaign("f", csv, Scenarios.named("seed-benchmark"), 1))
                .hasMessageContaining("line 3").hasMessageContaining("eleven");
        Path huge = dir.resolve("huge.jsonl");
        Files.writeString(huge, "{\"shape\":\"sphere\",\"radius\":500}\n");
        assertThatThrownBy(() -> new FileCampaign("f", huge, Scenarios.named("seed-benchmark"), 1))
                .hasMessageContaining("line 1");
    }

    @Test
    void everyRowIsCheckedBeforeAnythingIsSentViewsIncludedWithTheFilesLineNumber(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("views.jsonl");
        Files.writeString(jsonl, "{\"views\":2}\n\n{\"views\":3}\n{\"views\":0}\n");
        assertThatThrownBy(() -> new FileCampaign("f", jsonl, Scenarios.named("seed-benchmark"), 1))
                .hasMessageContaining("line 4").hasMessageContaining("0");
        Files.writeString(jsonl, "{\"views\":2}\n{\"views\":0.5}\n");
        assertThatThrownBy(() -> new FileCampaign("f", jsonl, Scenarios.named("seed-benchmark"), 1))
                .hasMessageContaining("line 2").hasMessageContaining("whole number");
        Files.writeString(jsonl, "{\"views\":2}\n\n{\"views\": 2,\n");
        assertThatThrownBy(() -> new FileCampaign("f", jsonl, Scenarios.named("seed-benchmark"), 1))
                .hasMessageContaining(jsonl + " line 3").hasMessageContaining("not a JSON object");
    }

    @Test
    void seedsAreExactBlankCellsKeepTheScenariosValueAndAByteOrderMarkIsIgnored(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("seeds.jsonl");
        Files.writeString(jsonl, "\uFEFF{\"seed\":1234567890123456789}\n{\"seed\":1234567890123456788}\n");
        List<SimulationRequest> fromJson = new FileCampaign("f", jsonl, Scenarios.named("seed-benchmark"), 1).requests(Instant.EPOCH).toList();
        assertThat(fromJson).extracting(SimulationRequest::getSeed).containsExactly(1234567890123456789L, 1234567890123456788L);

        Path csv = dir.resolve("blanks.csv");
        Files.writeString(csv, "seed,objectId,views\n,,\n\n42,p-1,2\n");
        FileCampaign campaign = new FileCampaign("f", csv, Scenarios.named("seed-benchmark"), 1);
        List<SimulationRequest> fromCsv = campaign.requests(Instant.EPOCH).toList();
        assertThat(fromCsv).as("the all-blank row and the blank line are skipped").hasSize(2);
        assertThat(fromCsv).extracting(SimulationRequest::getObjectId).containsOnly("p-1");
        assertThat(fromCsv.get(0).getSeed()).isEqualTo(42L);

        Path oneBlank = dir.resolve("one-blank.csv");
        Files.writeString(oneBlank, "seed,dose\n,20\n");
        SimulationRequest r = new FileCampaign("f", oneBlank, Scenarios.named("seed-benchmark"), 1).requests(Instant.EPOCH).findFirst().orElseThrow();
        assertThat(r.getObjectId()).isEqualTo("f-p0");
        assertThat(r.getImaging().getDose()).isEqualTo(20.0);
        Path badSeed = dir.resolve("bad-seed.csv");
        Files.writeString(badSeed, "seed\n1\n2.5\n");
        assertThatThrownBy(() -> new FileCampaign("f", badSeed, Scenarios.named("seed-benchmark"), 1))
                .hasMessageContaining("line 3").hasMessageContaining("seed must be a whole number");
    }

    private static FileCampaign read(Path file) throws Exception {
        return new FileCampaign("f", file, Scenarios.named("seed-benchmark"), 1);
    }

    @Test
    void anUnknownColumnIsRefusedNamingItAndTheKnownOnes(@TempDir Path dir) throws Exception {
        Path extra = dir.resolve("extra.csv");
        Files.writeString(extra, "shape,a,b,c,colour\ncuboid,10,11,12,red\n");
        assertThatThrownBy(() -> read(extra)).hasMessageContaining(extra + " header: unknown column 'colour'")
                .hasMessageContaining("known columns: shape, a, b, c, corners, edge, radius, qw, qx, qy, qz, seed, objectId, views, "
                        + "widthPx, heightPx, pixelSizeNm, dose, probeSigmaNm");
        Path cased = dir.resolve("cased.csv");
        Files.writeString(cased, "Shape,objectid\nsphere,x\n");
        assertThatThrownBy(() -> read(cased)).hasMessageContaining("unknown columns 'Shape' (did you mean 'shape'?), "
                + "'objectid' (did you mean 'objectId'?)");
        Path semicolons = dir.resolve("semicolons.csv");
        Files.writeString(semicolons, "shape;a;b;c\ncuboid;10;11;12\n");
        assertThatThrownBy(() -> read(semicolons)).hasMessageContaining("unknown column 'shape;a;b;c'")
                .hasMessageContaining("separated by commas");
        Path tabs = dir.resolve("tabs.csv");
        Files.writeString(tabs, "shape\tradius\nsphere\t5\n");
        assertThatThrownBy(() -> read(tabs)).hasMessageContaining("separated by commas");
    }

    @Test
    void aRepeatedOrUnnamedColumnIsRefused(@TempDir Path dir) throws Exception {
        Path twice = dir.resolve("twice.csv");
        Files.writeString(twice, "shape,a,a,b,c\ncuboid,10,11,12,13\n");
        assertThatThrownBy(() -> read(twice)).hasMessageContaining("column 'a' appears twice");
        Path unnamed = dir.resolve("unnamed.csv");
        Files.writeString(unnamed, "shape,,radius\nsphere,,5\n");
        assertThatThrownBy(() -> read(unnamed)).hasMessageContaining("column 2 has no name");
        Path trailingComma = dir.resolve("trailing-comma.csv");
        Files.writeString(trailingComma, "shape,radius,\nsphere,5,\n");
        assertThat(read(trailingComma).requests(Instant.EPOCH).toList()).extracting(SimulationRequest::getShape)
                .containsExactly(new SphereShape(5.0));
    }

    @Test
    void anUnknownKeyOrALineThatIsNotOneObjectIsRefusedWithItsLine(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("keys.jsonl");
        Files.writeString(jsonl, "{\"shape\":\"sphere\",\"radius\":5}\n{\"shape\":\"sphere\",\"radius\":5,\"colour\":\"red\"}\n");
        assertThatThrownBy(() -> read(jsonl)).hasMessageContaining(jsonl + " line 2: unknown key 'colour'; known keys: shape, a,");
        Files.writeString(jsonl, "{\"views\":2}\nnull\n");
        assertThatThrownBy(() -> read(jsonl)).hasMessageContaining("line 2: not a JSON object but 'null'");
        Files.writeString(jsonl, "[{\"views\":2}]\n");
        assertThatThrownBy(() -> read(jsonl)).hasMessageContaining("line 1: not a JSON object but an array");
        Files.writeString(jsonl, "{\"views\":2} {\"views\":3}\n");
        assertThatThrownBy(() -> read(jsonl)).hasMessageContaining("line 1: not a JSON object");
        Files.writeString(jsonl, "{\"views\":2,\"views\":3}\n");
        assertThatThrownBy(() -> read(jsonl)).hasMessageContaining("line 1").hasMessageContaining("views");
    }

    @Test
    void aShapesFieldsNeedThatShapeAndAnOrientationAllFourComponents(@TempDir Path dir) throws Exception {
        Path radius = dir.resolve("radius.csv");
        Files.writeString(radius, "objectId,radius\np-1,5\n");
        assertThatThrownBy(() -> read(radius)).hasMessageContaining(radius + " line 2: radius without shape")
                .hasMessageContaining("scenario's cuboid").hasMessageContaining("give shape sphere");
        Path edges = dir.resolve("edges.jsonl");
        Files.writeString(edges, "{\"views\":1}\n{\"a\":10,\"b\":11,\"c\":12}\n");
        assertThatThrownBy(() -> read(edges)).hasMessageContaining(edges + " line 2: a, b, c without shape")
                .hasMessageContaining("give shape cuboid");
        Path foreign = dir.resolve("foreign.csv");
        Files.writeString(foreign, "shape,a,b,c,radius\ncuboid,10,11,12,\ncuboid,10,11,12,5\n");
        assertThatThrownBy(() -> read(foreign)).hasMessageContaining(foreign + " line 3: radius with shape cuboid, which takes a, b, c, corners only");
        Path cutSphere = dir.resolve("cut-sphere.jsonl");
        Files.writeString(cutSphere, "{\"shape\":\"sphere\",\"radius\":5,\"corners\":\"0:0.2\"}\n");
        assertThatThrownBy(() -> read(cutSphere)).hasMessageContaining("line 1: corners with shape sphere, which takes radius only");
        Path quaternion = dir.resolve("quaternion.csv");
        Files.writeString(quaternion, "qx,qy,qz\n0,1,0\n");
        assertThatThrownBy(() -> read(quaternion)).hasMessageContaining("line 2: an orientation needs all of qw, qx, qy, qz; got only qx, qy, qz");
    }

    @Test
    void cornersWithoutShapeRecutTheScenariosCuboidButNoOtherShape(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("recut.csv");
        Files.writeString(csv, "corners\n2:0.3\n");
        SimulationRequest r = read(csv).requests(Instant.EPOCH).findFirst().orElseThrow();
        assertThat(((CuboidShape) r.getShape()).getDeformedCorners()).extracting(c -> c.getCorner()).containsExactly(2);
        Files.writeString(csv, "corners\n" + "2:0.3\n".repeat(12));
        assertThatThrownBy(() -> new FileCampaign("f", csv, Scenarios.named("mixed-shapes"), 1))
                .hasMessageContaining("corners without shape cut the scenario's cuboid, but it drew a ")
                .hasMessageContaining("give shape cuboid with a, b, c");
    }

    @Test
    void theExtensionSaysTheFormatInAnyCaseAndAnotherIsRefusedListingThoseAccepted(@TempDir Path dir) throws Exception {
        Path upper = dir.resolve("PLAN.CSV");
        Files.writeString(upper, "shape,radius\nsphere,5\n");
        assertThat(read(upper).size()).isEqualTo(1);
        Path json = dir.resolve("plan.json");
        Files.writeString(json, "{\"shape\":\"sphere\",\"radius\":5}\n");
        assertThat(read(json).size()).isEqualTo(1);
        Path text = dir.resolve("plan.txt");
        Files.writeString(text, "shape,radius\nsphere,5\n");
        assertThatThrownBy(() -> read(text)).hasMessageContaining(text + " must end in .csv (comma-separated, with a header), "
                + ".jsonl or .json (JSON lines: one object per line)");
    }

    @Test
    void cornersNameIndices0To7OnceEachWithANumberForDepth(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("corners.csv");
        for (String[] bad : new String[][] {
                {"9:0.3", "corners '9:0.3': corner '9' is not a corner index 0..7"},
                {"-1:0.3", "corner '-1' is not a corner index 0..7"},
                {"x:0.3", "corner 'x' is not a corner index 0..7"},
                {"1:0.2;1:0.3", "corner 1 is given twice"},
                {"1:deep", "depth 'deep' of corner 1 is not a number"},
                {"1:0.2:3", "corners must read 'corner:depth;...'"},
                {"1:0.7", "cut depth 0.7 at corner 1"}}) {
            Files.writeString(csv, "shape,a,b,c,corners\ncuboid,10,11,12,0:0.2\ncuboid,10,11,12," + bad[0] + "\n");
            assertThatThrownBy(() -> read(csv)).as(bad[0]).hasMessageContaining(csv + " line 3: ").hasMessageContaining(bad[1]);
        }
    }

    @Test
    void anEmptyFileOrOneWithoutRequestsIsRefused(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("empty.csv");
        Path jsonl = dir.resolve("empty.jsonl");
        for (String blank : new String[] {"", "\n\n", "\uFEFF", " \r\n"}) {
            Files.writeString(csv, blank);
            assertThatThrownBy(() -> read(csv)).as("'%s'", blank).hasMessage(csv + " is empty: expected a header line naming the columns, "
                    + "then one row per particle");
            Files.writeString(jsonl, blank);
            assertThatThrownBy(() -> read(jsonl)).as("'%s'", blank).hasMessage(jsonl + " is empty: expected one JSON object per line, "
                    + "one per particle");
        }
        for (String noRows : new String[] {"shape,radius\n", "shape,radius\n,\n\n"}) {
            Files.writeString(csv, noRows);
            assertThatThrownBy(() -> read(csv)).hasMessage(csv + " holds no requests: its header has no row below it that gives a value");
        }
        Path leadingBlankLine = dir.resolve("leading-blank-line.csv");
        Files.writeString(leadingBlankLine, "\nshape,radius\nsphere,5\n");
        assertThat(read(leadingBlankLine).size()).isEqualTo(1);
        Files.writeString(leadingBlankLine, "\nshape,radius\n\nsphere,5\n\nsphere,five\n");
        assertThatThrownBy(() -> read(leadingBlankLine)).hasMessageContaining("line 6: radius must be a number");
    }
}
