package io.berth.runtime.init;

/** The exec stage's JVM entry point; the sync fd comes in {@value InitMain#SYNC_FD_ENV}. */
public final class ExecMain {
    private ExecMain() {}

    public static void main(String[] args) {
        String fd = System.getenv(InitMain.SYNC_FD_ENV);
        if (fd == null) {
            System.err.println("berth exec: this program is started by the Berth runtime, not by hand");
            System.exit(2);
        }
        ExecStage.main(Integer.parseInt(fd));
    }
}
