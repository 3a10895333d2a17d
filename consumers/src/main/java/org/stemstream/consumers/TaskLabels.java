package org.stemstream.consumers;

import org.stemstream.schemas.avro.GroundTruth;

/** The true class label of each task, as the predictions name their classes. */
public final class TaskLabels {
    private TaskLabels() {
    }

    /**
     * The label, or null when the task does not apply: the deformation tasks T1-T3 apply to
     * cuboids only, and T3 needs exactly two deformed corners.
     */
    public static String truthLabel(String task, GroundTruth truth) {
        if (!task.equals("T4") && truth.getShape() != org.stemstream.schemas.avro.ShapeKind.CUBOID) {
            return null;
        }
        return switch (task) {
            case "T1" -> truth.getDeformedCount() > 0 ? "deformed" : "not-deformed";
            case "T2" -> Integer.toString(truth.getDeformedCount());
            case "T3" -> truth.getArrangement() == null ? null : truth.getArrangement().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            case "T4" -> truth.getShape().name().toLowerCase(java.util.Locale.ROOT);
            default -> null;
        };
    }
}
