package io.berth.runtime.init;

/** The init stage's JVM entry point; the runtime passes the sync fd in {@value #SYNC_FD_ENV}. */
public final class InitMain {
    public static final String SYNC_FD_ENV = "_BERTH_INIT_SYNC_FD";
    /** The numbers of the fds stage 0 handed over, comma-separated, in its order (-1: none). */
    public static final String FDS_ENV = "_BERTH_INIT_FDS";

    private InitMain() {}

    public static void main(String[] args) {
        String fd = System.getenv(SYNC_FD_ENV);
        if (fd == null) {
            System.err.println("berth init: this program is started by the Berth runtime, not by hand");
            System.exit(2);
        }
        String[] fds = System.getenv(FDS_ENV).split(",");
        InitStage.main(Integer.parseInt(fd), Integer.parseInt(fds[InitStage.CONFIG_FD_INDEX]));
    }
}
