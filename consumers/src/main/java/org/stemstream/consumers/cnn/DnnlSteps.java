package org.stemstream.consumers.cnn;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.primitive_desc_base;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.scratchpad_mode;

/**
 * A sequence of oneDNN primitives with their arguments, run in order on one stream: the forward
 * pass of {@link OneDnnNet}, the passes of {@link OneDnnTraining}. Holds the primitives, so they
 * live as long as the sequence.
 */
final class DnnlSteps {
    private final engine cpu;
    private final List<primitive> steps = new ArrayList<>();
    private final List<IntMemoryMap> args = new ArrayList<>();

    DnnlSteps(engine cpu) {
        this.cpu = cpu;
    }

    /**
     * Each primitive gets a scratchpad of its own. oneDNN's default shares one among all the
     * primitives of the process and frees it with the last of them: with the gemm convolutions it
     * picks where the processor lacks AVX2 ({@code DNNL_MAX_CPU_ISA=AVX}), the benchmark crashed
     * in a copy from a null pointer.
     */
    static primitive_attr userScratchpad() {
        primitive_attr attr = new primitive_attr();
        attr.set_scratchpad_mode(scratchpad_mode.user);
        return attr;
    }

    /** Appends {@code step}; {@code map} gets the scratchpad {@code pd} asks for. */
    void add(primitive step, primitive_desc_base pd, IntMemoryMap map) {
        map.put(DNNL_ARG_SCRATCHPAD, new memory(pd.scratchpad_desc(), cpu));
        steps.add(step);
        args.add(map);
    }

    /** {@code from}, or a reorder of it into {@code wanted} appended to the steps. */
    memory convert(memory from, memory.desc wanted) {
        if (from.get_desc().equals(wanted)) {
            return from;
        }
        memory to = new memory(wanted, cpu);
        convertInto(from, to);
        return to;
    }

    /** A reorder of {@code from} into {@code wanted}, each value multiplied by {@code scale} (and rounded, when {@code wanted} holds integers), appended to the steps. */
    memory convert(memory from, memory.desc wanted, float scale) {
        memory to = new memory(wanted, cpu);
        primitive_attr attr = userScratchpad();
        attr.set_output_scales(0, new float[] {scale});
        reorder(from, to, attr);
        return to;
    }

    /** Appends a reorder of {@code from} into {@code to} (unless their layouts are the same: then {@code to} must be {@code from}). */
    void convertInto(memory from, memory to) {
        reorder(from, to, userScratchpad());
    }

    private void reorder(memory from, memory to, primitive_attr attr) {
        reorder.primitive_desc pd = new reorder.primitive_desc(from, to, attr, false);
        IntMemoryMap map = new IntMemoryMap();
        map.put(DNNL_ARG_FROM, from);
        map.put(DNNL_ARG_TO, to);
        add(new reorder(pd), pd, map);
    }

    /** Submits the steps in order (call {@code stream._wait()} before reading what they wrote). */
    void run(stream stream) {
        for (int i = 0; i < steps.size(); i++) {
            steps.get(i).execute(stream, args.get(i));
        }
    }
}
