package io.berth.runtime.init;

/** The init stage's JVM entry point; the runtime passes the sync fd in {@value #SYNC_FD_ENV}. */
public final class InitMain {
    public static final String SYNC_FD_ENV = "_BERTH_INIT_SYNC_FD";

    private InitMain() {}

    public static void main(String[] args) {
        String fd = System.getenv(SYNC_FD_ENV);
        if (fd == null) {
            System.err.println("berth init: this program is started by the Berth runtime, not by hand");
            System.exit(2);
        }
        InitStage.main(Integer.parseInt(fd));
    }
}
