package io.vouch.runtime;

/**
 * Fails a {@link StageHandler} future with a transient cause (a dependency briefly unavailable): the stage retries
 * the record with backoff instead of dropping it.
 */
public class RetriableStageException extends RuntimeException {
    public RetriableStageException(String message) {
        super(message);
    }

    public RetriableStageException(String message, Throwable cause) {
        super(message, cause);
    }
}
