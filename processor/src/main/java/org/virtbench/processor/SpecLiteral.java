package org.virtbench.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.List;
import java.util.Map;
import org.virtbench.annotations.Unit;
import org.virtbench.plan.DataSize;
import org.virtbench.plan.MemoryPolicy;
import org.virtbench.plan.ParamSpec;
import org.virtbench.plan.Phase;
import org.virtbench.plan.PlanSpec;
import org.virtbench.plan.Requirements;

/**
 * Writes a {@link PlanSpec} as a Java expression that rebuilds an equal value, so a generated plan
 * needs neither reflection nor the index to describe itself.
 */
final class SpecLiteral {
    private static final ClassName LIST = ClassName.get(List.class);
    private static final ClassName MAP = ClassName.get(Map.class);

    private SpecLiteral() {
    }

    /** {@code new PlanSpec(...)} with every component written out. */
    static CodeBlock of(PlanSpec spec) {
        return CodeBlock.builder()
                .add("new $T(\n", PlanSpec.class)
                .indent().indent()
                .add("$S, $S, $S,\n", spec.id(), spec.workloadClass(), spec.planClass())
                .add("$S,\n", spec.description())
                .add("$T.$L, $L, $L, $L,\n", Unit.class, spec.unit().name(), spec.repeat(), spec.discard(),
                        list(spec.scales().stream().map(n -> CodeBlock.of("$L", n)).toList()))
                .add("$L,\n", params(spec.params()))
                .add("$L,\n", requirements(spec.requires()))
                .add("$L,\n", spec.peer())
                .add("$L,\n", timeouts(spec.timeoutSeconds()))
                .add("$L)", memory(spec.memory()))
                .unindent().unindent()
                .build();
    }

    /**
     * The workload's memory policy as a typed value, parsed once, here at compile time: the plan
     * holds {@code MemoryPolicy.paper()} or {@code new MemoryPolicy.Fixed(...)}, never its text.
     */
    static CodeBlock memory(MemoryPolicy policy) {
        if (policy == null) {
            return CodeBlock.of("null");
        }
        if (policy instanceof MemoryPolicy.Paper) {
            return CodeBlock.of("$T.paper()", MemoryPolicy.class);
        }
        if (policy instanceof MemoryPolicy.HostScaled) {
            return CodeBlock.of("$T.hostScaled()", MemoryPolicy.class);
        }
        MemoryPolicy.Fixed fixed = (MemoryPolicy.Fixed) policy;
        return CodeBlock.of("new $T($T.ofBytes($LL), $T.ofBytes($LL))", MemoryPolicy.Fixed.class, DataSize.class,
                fixed.total().bytes(), DataSize.class, fixed.cap().bytes());
    }

    /** One parameter a line, so that a generated plan reads like its workload. */
    private static CodeBlock params(List<ParamSpec> params) {
        if (params.isEmpty()) {
            return CodeBlock.of("$T.of()", LIST);
        }
        return CodeBlock.builder()
                .add("$T.of(\n", LIST)
                .indent().indent()
                .add(params.stream().map(SpecLiteral::param).collect(CodeBlock.joining(",\n")))
                .add(")")
                .unindent().unindent()
                .build();
    }

    private static CodeBlock param(ParamSpec p) {
        return CodeBlock.of("new $T($S, $S, $L, $S, $L, $S)", ParamSpec.class, p.name(), p.type(),
                strings(p.enumConstants()), p.defaultValue(), profiles(p.profiles()), p.description());
    }

    private static CodeBlock requirements(Requirements r) {
        if (r.packages().isEmpty() && r.commands().isEmpty()) {
            return CodeBlock.of("$T.NONE", Requirements.class);
        }
        return CodeBlock.of("new $T($L, $L)", Requirements.class, strings(r.packages()), strings(r.commands()));
    }

    private static CodeBlock profiles(Map<String, String> profiles) {
        CodeBlock entries = profiles.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> CodeBlock.of("$S, $S", e.getKey(), e.getValue()))
                .collect(CodeBlock.joining(", "));
        return CodeBlock.of("$T.of($L)", MAP, entries);
    }

    private static CodeBlock timeouts(Map<Phase, Long> seconds) {
        // in phase order, so the generated source does not depend on map iteration order
        CodeBlock entries = seconds.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> CodeBlock.of("$T.$L, $LL", Phase.class, e.getKey().name(), e.getValue()))
                .collect(CodeBlock.joining(", "));
        return CodeBlock.of("$T.of($L)", MAP, entries);
    }

    private static CodeBlock strings(List<String> values) {
        return list(values.stream().map(v -> CodeBlock.of("$S", v)).toList());
    }

    private static CodeBlock list(List<CodeBlock> elements) {
        return CodeBlock.of("$T.of($L)", LIST, CodeBlock.join(elements, ", "));
    }
}
