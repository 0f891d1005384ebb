package io.vouch.sip.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports the benchmark JVM's CPU time per operation (all threads, GC included) and the throughput one
 * fully used core would reach, which stays meaningful on a machine shared with other work where
 * wall-clock throughput does not. Use with {@code -prof io.vouch.sip.bench.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long startCpu;

    @Override
    public String getDescription() {
        return "process CPU time per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startCpu = os.getProcessCpuTime();
    }

    @Override
    @SuppressWarnings("rawtypes") // the JMH interface declares the raw type
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long cpu = os.getProcessCpuTime() - startCpu;
        long ops = result.getMetadata().getAllOps();
        if (ops == 0 || cpu <= 0) {
            return List.of();
        }
        double nsPerOp = (double) cpu / ops;
        return List.of(
            new ScalarResult("cpu.ns/op", nsPerOp, "ns/op", AggregationPolicy.AVG),
            new ScalarResult("ops/cpu-s", 1e9 / nsPerOp, "ops/s", AggregationPolicy.AVG));
    }
}
