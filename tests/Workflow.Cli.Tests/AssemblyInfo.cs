// Every test has its own temporary registry, so fixtures can run side by side; most of the time is process start-up.
[assembly: Parallelizable(ParallelScope.Fixtures)]
