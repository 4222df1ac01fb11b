package org.virtbench.plan;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plans of every workload on a class path, read from the index files the processor writes
 * ({@value #RESOURCE}, one per compiled jar or folder: the built-in suite, a user's project).
 */
public final class PlanIndex {
    /** Where the processor writes the index, relative to the class output. */
    public static final String RESOURCE = "META-INF/virtbench/plans.json";
    /** The index format this version reads and writes. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(MemoryPolicyJson.module());

    /** The content of one index file. */
    public record Document(int schemaVersion, List<PlanSpec> plans) {
        public Document {
            plans = plans.stream().sorted(Comparator.comparing(PlanSpec::id)).toList();
        }
    }

    private final Map<String, PlanSpec> plans;
    private final ClassLoader loader;

    private PlanIndex(Map<String, PlanSpec> plans, ClassLoader loader) {
        this.plans = plans;
        this.loader = loader;
    }

    /**
     * Reads every index file the class loader sees.
     *
     * @throws IllegalStateException when two index files declare the same workload id with
     *                               different classes, or a file has another schema version
     */
    public static PlanIndex load(ClassLoader loader) {
        Map<String, PlanSpec> found = new LinkedHashMap<>();
        try {
            Enumeration<URL> urls = loader.getResources(RESOURCE);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                Document doc;
                try (InputStream in = url.openStream()) {
                    doc = read(in);
                } catch (IllegalStateException e) {
                    throw new IllegalStateException(url + ": " + e.getMessage(), e);
                }
                for (PlanSpec spec : doc.plans()) {
                    PlanSpec earlier = found.putIfAbsent(spec.id(), spec);
                    if (earlier != null && !earlier.workloadClass().equals(spec.workloadClass())) {
                        throw new IllegalStateException("workload id '" + spec.id() + "' is declared by both "
                                + earlier.workloadClass() + " and " + spec.workloadClass() + " (" + url
                                + "); rename one of them");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        List<PlanSpec> sorted = new ArrayList<>(found.values());
        sorted.sort(Comparator.comparing(PlanSpec::id));
        Map<String, PlanSpec> ordered = new LinkedHashMap<>();
        sorted.forEach(s -> ordered.put(s.id(), s));
        return new PlanIndex(ordered, loader);
    }

    /** Every plan, sorted by id. */
    public List<PlanSpec> plans() {
        return List.copyOf(plans.values());
    }

    public Optional<PlanSpec> find(String id) {
        return Optional.ofNullable(plans.get(id));
    }

    /**
     * Loads the generated plan class of a workload.
     *
     * @throws IllegalStateException when the class is missing or not a plan (a stale index)
     */
    public ExecutionPlan plan(PlanSpec spec) {
        try {
            Class<?> type = Class.forName(spec.planClass(), true, loader);
            return (ExecutionPlan) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("plan class " + spec.planClass() + " of workload '" + spec.id()
                    + "' cannot be loaded; rebuild the project that declares it", e);
        }
    }

    /**
     * Reads one index file.
     *
     * @throws IllegalStateException when its schema version is not {@value #SCHEMA_VERSION}
     */
    public static Document read(InputStream in) throws IOException {
        Document doc = JSON.readValue(in, Document.class);
        if (doc.schemaVersion() != SCHEMA_VERSION) {
            throw new IllegalStateException("plan index schemaVersion " + doc.schemaVersion()
                    + " is not supported (this virtbench reads " + SCHEMA_VERSION + "); rebuild with a matching processor");
        }
        return doc;
    }

    /** Writes one index file, plans sorted by id, keys sorted: the same input gives the same bytes. */
    public static void write(Document doc, OutputStream out) throws IOException {
        JSON.writeValue(out, doc);
    }
}
