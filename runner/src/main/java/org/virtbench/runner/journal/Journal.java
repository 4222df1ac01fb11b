package org.virtbench.runner.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.function.Consumer;
import java.util.List;

/**
 * The campaign's append-only record, {@value #FILE}: one JSON object a line, each written with a
 * single {@code write} and flushed before {@link #append} returns, so a killed process loses at
 * most the line it was writing. Safe for concurrent use by the guests' threads.
 *
 * <p>After {@link #seal()} (the shutdown hook calls it on Ctrl-C) appends are dropped: a cell that
 * was cut short must not be journaled as finished by a thread that sees its guests vanish.
 */
public final class Journal implements Closeable {
    /** The journal's file name in the output directory. */
    public static final String FILE = "journal.jsonl";

    static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final FileOutputStream out;
    private boolean closedToAppends;
    /** Told of each entry once it is in the file, in order; lets a reader keep the journal without re-reading it. */
    private Consumer<JournalEntry> observer = entry -> { };

    private Journal(Path file, FileOutputStream out) {
        this.file = file;
        this.out = out;
    }

    /**
     * Opens a journal for appending, creating it if needed. A last line without its newline (the
     * process was killed while writing it) is cut off first, so the next entry starts on a line of
     * its own.
     */
    public static Journal open(Path file) throws IOException {
        if (Files.exists(file)) {
            dropPartialLastLine(file);
        }
        return new Journal(file, new FileOutputStream(file.toFile(), true));
    }

    private static void dropPartialLastLine(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long length = raf.length();
            long keep = length;
            while (keep > 0) {
                raf.seek(keep - 1);
                if (raf.read() == '\n') {
                    break;
                }
                keep--;
            }
            if (keep != length) {
                raf.setLength(keep);
            }
        }
    }

    /**
     * Appends one entry and flushes it.
     *
     * @return false when the journal is sealed and the entry was dropped
     */
    public synchronized boolean append(JournalEntry entry) {
        if (closedToAppends) {
            return false;
        }
        try {
            byte[] json = JSON.writeValueAsBytes(entry);
            byte[] line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
            out.write(line);
            out.flush();
            observer.accept(entry);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Tells {@code observer} of every later entry once it is written, under this journal's lock, in order. */
    public synchronized void observe(Consumer<JournalEntry> observer) {
        this.observer = observer;
    }

    /** Drops every later append; used when the process is being stopped. */
    public synchronized void seal() {
        closedToAppends = true;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        closedToAppends = true;
        out.close();
    }

    /**
     * Reads every entry of a journal. A last line that does not parse is ignored: it is the line
     * a killed process was writing.
     *
     * @throws IllegalStateException naming the line when an earlier line does not parse
     */
    public static List<JournalEntry> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                entries.add(JSON.readValue(line, JournalEntry.class));
            } catch (JsonProcessingException e) {
                if (i == lines.size() - 1) {
                    break;
                }
                throw new IllegalStateException(file + " line " + (i + 1) + " is not a journal entry: "
                        + e.getOriginalMessage(), e);
            }
        }
        return entries;
    }
}
