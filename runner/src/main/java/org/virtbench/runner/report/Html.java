package org.virtbench.runner.report;

import java.util.Base64;
import java.util.List;

/**
 * Builds an HTML document in which every value from the results is escaped: text through
 * {@link #text}, attribute values through {@link #open(String, String...)}. Markup comes only
 * from the element names and constant strings of the report code, never from data, so a workload
 * id or a failure reason such as {@code <script>} shows as text.
 */
public final class Html {
    private final StringBuilder out = new StringBuilder(64 * 1024);

    /**
     * Escapes text for element content and double-quoted attribute values: {@code & < > " '}.
     * A null value is the empty string.
     */
    public static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Opens an element. The name must be a constant of the caller; attributes come as name/value
     * pairs whose values are escaped, a null value leaving the attribute out.
     */
    public Html open(String element, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs");
        }
        out.append('<').append(element);
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
            }
        }
        out.append('>');
        return this;
    }

    public Html close(String element) {
        out.append("</").append(element).append('>');
        return this;
    }

    /** Escaped text. */
    public Html text(String value) {
        out.append(escape(value));
        return this;
    }

    /** An element holding only escaped text: {@code <td>value</td>}. */
    public Html element(String element, String value, String... attributes) {
        return open(element, attributes).text(value).close(element);
    }

    /** A table row of header or data cells, each escaped. */
    public Html row(String cell, List<String> values) {
        open("tr");
        values.forEach(v -> element(cell, v));
        return close("tr");
    }

    /** A PNG embedded as a data URI, so that the page needs no file beside it. */
    public Html png(byte[] png, String alt, int width, int height) {
        out.append("<img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
                .append("\" alt=\"").append(escape(alt)).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\">");
        return this;
    }

    /** Constant markup of the report code itself: a style sheet, a doctype. Never data. */
    public Html constant(String markup) {
        out.append(markup);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
