package io.mapdirect.report;

/**
 * The pieces every HTML report page shares: escaping, and a self-contained page (inline CSS, no
 * script, no external resource) around a body.
 */
final class HtmlText {
    private HtmlText() {
    }

    /** {@code text} safe inside an element or a double-quoted attribute. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    /** A whole page: {@code title}, the shared style plus {@code style}, and {@code body}. */
    static String page(String title, String style, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + "</title>\n<style>\n" + BASE_STYLE + style + "</style>\n</head>\n<body>\n"
                + body + "</body>\n</html>\n";
    }

    private static final String BASE_STYLE = """
            :root { --ok: #d8f0d8; --ok-edge: #3c8c3c; --errno: #fde9c4; --errno-edge: #b8860b;
                    --fault: #f9d0d0; --fault-edge: #b22222; --pending: #e4e4ec; --pending-edge: #6a6a80;
                    --ink: #1d1d24; --muted: #5c5c6a; --line: #d4d4dc; }
            body { font: 14px/1.35 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
                   margin: 1.2em 1.5em; background: #fbfbfd; }
            h1 { font-size: 1.35em; margin: 0 0 .2em; }
            h2 { font-size: 1.1em; margin: 1.4em 0 .4em; }
            code, pre, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; }
            .meta { color: var(--muted); margin: .1em 0; }
            pre { background: #f0f0f4; padding: .6em .8em; border-radius: 4px; overflow-x: auto; }
            a { color: #1a4fb0; }
            """;
}
