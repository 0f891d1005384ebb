package io.vouch.loadtest.internal;

/** Late binding of the engine for I/O handlers created before it (flows are opened first). */
public final class LoadEngineRef {

    private LoadEngine engine;

    public LoadEngine get() {
        if (engine == null) {
            throw new IllegalStateException("engine not set yet");
        }
        return engine;
    }

    public void set(LoadEngine engine) {
        this.engine = engine;
    }

    public boolean isSet() {
        return engine != null;
    }
}
