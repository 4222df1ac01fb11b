package org.virtbench.runner.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.virtbench.runner.system.DurableFiles;
import org.virtbench.runner.system.SchemaVersionException;

/**
 * The campaign's append-only record, {@value #FILE}: one JSON object a line. Each line is written
 * with one positioned write and fsynced (fdatasync) before {@link #append} returns, so an entry
 * the runner acted on survives a crash or a power cut; a killed process loses at most the line it
 * was writing, which {@link #read} ignores and {@link #open} cuts off. Safe for concurrent use by
 * the guests' threads.
 *
 * <p>A write that fails (disk full, I/O error) cuts the file back to its last complete line, and
 * this and every later append throw {@link JournalWriteException}: the campaign must stop, not
 * record the cell it was running as failed.
 *
 * <p>Every {@code campaign} line carries {@code schemaVersion} ({@value #SCHEMA_VERSION}); a
 * journal with a newer one is refused whole. Sample lines of version 1 (flat) read as the current
 * ones ({@link JournalSchemaV1}), so a campaign of an older virtbench still resumes.
 *
 * <p>After {@link #seal()} (the shutdown hook calls it on Ctrl-C) appends are dropped: a cell that
 * was cut short must not be journaled as finished by a thread that sees its guests vanish.
 */
public final class Journal implements Closeable {
    /** The journal's file name in the output directory. */
    public static final String FILE = "journal.jsonl";
    /** The journal format this version writes and the newest it reads. */
    public static final int SCHEMA_VERSION = 2;

    static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path file;
    private final FileChannel channel;
    private long goodLength;
    private boolean closedToAppends;
    private JournalWriteException failure;
    /** Told of each entry once it is in the file, in order; lets a reader keep the journal without re-reading it. */
    private Consumer<JournalEntry> observer = entry -> { };

    private Journal(Path file, FileChannel channel, long goodLength) {
        this.file = file;
        this.channel = channel;
        this.goodLength = goodLength;
    }

    /**
     * Opens a journal for appending, creating it if needed. A last line without its newline (the
     * process was killed while writing it, perhaps inside a multi-byte character) is cut off
     * first, so the next entry starts on a line of its own. Callers {@link #read} the journal
     * before, which refuses a complete line that does not parse.
     */
    public static Journal open(Path file) throws IOException {
        return open(file, UnaryOperator.identity());
    }

    /**
     * {@link #open(Path)} with the file's channel wrapped: tests make its writes fail as a full
     * disk would.
     */
    public static Journal open(Path file, UnaryOperator<FileChannel> wrap) throws IOException {
        boolean created = !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        FileChannel channel = wrap.apply(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
        try {
            long keep = endOfLastLine(channel);
            if (keep != channel.size()) {
                channel.truncate(keep);
                channel.force(false);
            }
            if (created) {
                DurableFiles.syncFolder(file.toAbsolutePath().getParent());
            }
            return new Journal(file, channel, keep);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The length of the file up to and including its last newline. */
    private static long endOfLastLine(FileChannel channel) throws IOException {
        long end = channel.size();
        ByteBuffer block = ByteBuffer.allocate(8192);
        while (end > 0) {
            long start = Math.max(0, end - block.capacity());
            block.clear().limit((int) (end - start));
            while (block.hasRemaining() && channel.read(block, start + block.position()) >= 0) {
                // read the whole block
            }
            for (int i = block.position() - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    /**
     * Appends one entry and makes it durable.
     *
     * @return false when the journal is sealed and the entry was dropped
     * @throws JournalWriteException when this or an earlier write failed; the file holds every
     *                               entry before the one that failed, and nothing of it
     */
    public synchronized boolean append(JournalEntry entry) {
        if (failure != null) {
            throw failure;
        }
        if (closedToAppends) {
            return false;
        }
        ByteBuffer line = ByteBuffer.wrap(encode(entry));
        try {
            long at = goodLength;
            while (line.hasRemaining()) {
                at += channel.write(line, at);
            }
            channel.force(false);
            goodLength = at;
            observer.accept(entry);
            return true;
        } catch (IOException e) {
            failure = new JournalWriteException(file.toAbsolutePath().getParent(), e);
            try {
                channel.truncate(goodLength);
                channel.force(false);
            } catch (IOException cut) {
                // the torn line has no newline: the next open cuts it off
                failure.addSuppressed(cut);
            }
            throw failure;
        }
    }

    private static byte[] encode(JournalEntry entry) {
        ObjectNode tree = JSON.valueToTree(entry);
        if (entry instanceof JournalEntry.CampaignStarted) {
            tree.put("schemaVersion", SCHEMA_VERSION);
        }
        try {
            byte[] json = JSON.writeValueAsBytes(tree);
            byte[] line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a journal entry as JSON: " + e.getOriginalMessage(), e);
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
        channel.close();
    }

    /**
     * Reads every entry of a journal. What follows the last newline is ignored: it is the line a
     * killed process was writing, possibly cut inside a multi-byte character.
     *
     * @throws JournalCorruptException naming the line when a complete line is not UTF-8 or not an entry
     * @throws SchemaVersionException  when a line declares a newer schema than {@value #SCHEMA_VERSION}
     */
    public static List<JournalEntry> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<JournalEntry> entries = new ArrayList<>();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = 0;
        int number = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            number++;
            String line;
            try {
                CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(bytes, start, i - start));
                line = chars.toString();
            } catch (CharacterCodingException e) {
                throw new JournalCorruptException(file, number, "it is not UTF-8 text");
            }
            start = i + 1;
            if (line.isBlank()) {
                continue;
            }
            entries.add(parse(file, number, line));
        }
        return entries;
    }

    private static JournalEntry parse(Path file, int number, String line) {
        JsonNode tree;
        try {
            tree = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new JournalCorruptException(file, number, e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new JournalCorruptException(file, number, "it is not a JSON object");
        }
        SchemaVersionException.check(file, tree.path("schemaVersion").asInt(1), SCHEMA_VERSION);
        JournalSchemaV1.upgrade((ObjectNode) tree);
        try {
            return JSON.treeToValue(tree, JournalEntry.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new JournalCorruptException(file, number, why);
        }
    }
}
