package io.berth.runc;

import java.util.List;

/** Left-aligned columns padded like Go's tabwriter with padding 3, as runc list prints. */
final class Table {
    private Table() {}

    static void print(List<String[]> rows) {
        int columns = rows.getFirst().length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                out.append(row[c]);
                if (c < columns - 1) {
                    out.append(" ".repeat(width[c] - row[c].length() + 3));
                }
            }
            out.append('\n');
        }
        System.out.print(out);
    }
}
