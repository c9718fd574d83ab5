using BenchmarkDotNet.Running;

// Every benchmark class in this assembly; pick with --filter, shorten with --job short (README.md).
BenchmarkSwitcher.FromAssembly(typeof(Pipeline.Benchmarks.QueueBenchmarks).Assembly).Run(args);
