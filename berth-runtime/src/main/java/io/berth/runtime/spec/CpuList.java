package io.berth.runtime.spec;

import java.util.BitSet;

/** The kernel's CPU list format ("0-3,8,10-11"), as cpuset.cpus and execCPUAffinity use it. */
public final class CpuList {
    private static final int MAX_CPU = 8191;

    private CpuList() {}

    /** The CPUs named; an {@link IllegalArgumentException} says what is wrong with {@code list}. */
    public static BitSet parse(String list) {
        BitSet cpus = new BitSet();
        for (String part : list.split(",")) {
            String item = part.strip();
            if (item.isEmpty()) {
                throw new IllegalArgumentException("empty item in CPU list \"" + list + "\"");
            }
            int dash = item.indexOf('-');
            int first = cpu(dash < 0 ? item : item.substring(0, dash).strip(), list);
            int last = dash < 0 ? first : cpu(item.substring(dash + 1).strip(), list);
            if (last < first) {
                throw new IllegalArgumentException("range " + item + " runs backwards in CPU list \"" + list + "\"");
            }
            cpus.set(first, last + 1);
        }
        return cpus;
    }

    private static int cpu(String number, String list) {
        try {
            int cpu = Integer.parseInt(number);
            if (cpu < 0 || cpu > MAX_CPU) {
                throw new IllegalArgumentException("CPU " + number + " is out of range in CPU list \"" + list + "\"");
            }
            return cpu;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + number + "\" is not a CPU number in CPU list \"" + list + "\"");
        }
    }
}
