package org.virtbench.processor;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import org.virtbench.plan.PlanIndex;
import org.virtbench.plan.PlanSpec;

/**
 * The plan index of one compilation: the plans generated now, merged with the index an earlier
 * compilation left in the class output, and the workload names claimed so far.
 *
 * <p>An incremental build compiles only some classes, so the earlier index is kept for the others:
 * an earlier entry survives when its class is not compiled now and still resolves; entries of
 * classes compiled now are replaced (or dropped, when the class is no longer a valid workload).
 */
final class PlanIndexStore {
    private final Filer filer;
    private final Elements elements;
    private final Messager messager;
    /** Binary names of every class compiled now, nested ones included. */
    private final Set<String> compiledNow = new HashSet<>();
    /** Workload id to the binary name of the class that claimed it in this compilation. */
    private final Map<String, String> claims = new HashMap<>();
    /** Plans generated now, by workload class. */
    private final Map<String, PlanSpec> generated = new LinkedHashMap<>();
    private List<PlanSpec> previous;

    PlanIndexStore(Filer filer, Elements elements, Messager messager) {
        this.filer = filer;
        this.elements = elements;
        this.messager = messager;
    }

    /** Records the classes of one round's sources, whose earlier index entries are replaced. */
    void noteCompiled(Set<? extends Element> rootElements) {
        List<TypeElement> pending = new ArrayList<>(ElementFilter.typesIn(rootElements));
        while (!pending.isEmpty()) {
            TypeElement type = pending.remove(pending.size() - 1);
            compiledNow.add(elements.getBinaryName(type).toString());
            pending.addAll(ElementFilter.typesIn(type.getEnclosedElements()));
        }
    }

    /**
     * Claims a workload id for a class.
     *
     * @return the binary name of another class that already holds the id, in this compilation
     *         or in the earlier index (as long as that class still exists), else empty
     */
    Optional<String> claim(String id, String binaryName) {
        String holder = claims.putIfAbsent(id, binaryName);
        if (holder != null && !holder.equals(binaryName)) {
            return Optional.of(holder);
        }
        return previous().stream()
                .filter(p -> p.id().equals(id) && !p.workloadClass().equals(binaryName))
                .map(PlanSpec::workloadClass)
                .filter(this::survives)
                .findFirst();
    }

    /** Adds the plan of a workload generated now. */
    void add(PlanSpec spec) {
        generated.put(spec.workloadClass(), spec);
    }

    /** Writes the merged index, sorted by id; once, in the final round. */
    void write() {
        Map<String, PlanSpec> merged = new LinkedHashMap<>();
        previous().stream().filter(p -> survives(p.workloadClass())).forEach(p -> merged.put(p.workloadClass(), p));
        merged.putAll(generated);
        Element[] origins = merged.keySet().stream().map(this::resolve).flatMap(Optional::stream)
                .toArray(Element[]::new);
        try {
            FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", PlanIndex.RESOURCE, origins);
            try (OutputStream out = file.openOutputStream()) {
                PlanIndex.write(new PlanIndex.Document(PlanIndex.SCHEMA_VERSION, new ArrayList<>(merged.values())), out);
            }
        } catch (IOException e) {
            messager.printMessage(Diagnostic.Kind.ERROR, "cannot write the plan index " + PlanIndex.RESOURCE + ": " + e);
        }
    }

    /** Whether an earlier entry of {@code workloadClass} stays: its class is not compiled now and still exists. */
    private boolean survives(String workloadClass) {
        return !compiledNow.contains(workloadClass) && resolve(workloadClass).isPresent();
    }

    private Optional<TypeElement> resolve(String binaryName) {
        // getTypeElement wants the canonical name; binary names separate nested classes with $
        return Optional.ofNullable(elements.getTypeElement(binaryName.replace('$', '.')));
    }

    /** The earlier index in the class output, read once; empty when there is none or it cannot be read. */
    private List<PlanSpec> previous() {
        if (previous == null) {
            previous = List.of();
            try {
                FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, "", PlanIndex.RESOURCE);
                try (InputStream in = file.openInputStream()) {
                    previous = PlanIndex.read(in).plans();
                }
            } catch (FileNotFoundException | NoSuchFileException e) {
                // a clean build: nothing to merge
            } catch (IOException | RuntimeException e) {
                // a stale or foreign index must not fail the build; the classes compiled now rebuild it
                messager.printMessage(Diagnostic.Kind.WARNING, "ignoring the existing plan index "
                        + PlanIndex.RESOURCE + ", which cannot be read (" + e.getMessage() + "); it is rewritten"
                        + " with the workloads compiled now");
            }
        }
        return previous;
    }
}
