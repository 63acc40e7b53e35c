package link.buddyverse.ops.dashboard.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch's dashboard grid (24 columns, rows as deep as needed): widgets flow left to right and wrap; a section
 * header starts a new row. Positions are explicit in the body, so the layout is part of what renders deterministically.
 */
final class Grid {

    static final int COLUMNS = 24;

    private final List<Map<String, Object>> placed = new ArrayList<>();
    private int x;
    private int y;
    private int rowHeight;
    private int metrics;
    private int largestWidget;

    void section(String markdown) {
        section(markdown, 1);
    }

    void section(String markdown, int height) {
        newRow();
        add(Widget.text(markdown, COLUMNS, height));
    }

    void add(Widget widget) {
        if (x + widget.width() > COLUMNS) {
            newRow();
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", widget.type());
        entry.put("x", x);
        entry.put("y", y);
        entry.put("width", widget.width());
        entry.put("height", widget.height());
        entry.put("properties", widget.properties());
        placed.add(entry);
        x += widget.width();
        rowHeight = Math.max(rowHeight, widget.height());
        metrics += widget.metricCount();
        largestWidget = Math.max(largestWidget, widget.metricCount());
    }

    private void newRow() {
        if (x > 0) {
            y += rowHeight;
            x = 0;
            rowHeight = 0;
        }
    }

    List<Map<String, Object>> widgets() {
        return List.copyOf(placed);
    }

    int metrics() {
        return metrics;
    }

    int largestWidget() {
        return largestWidget;
    }
}
