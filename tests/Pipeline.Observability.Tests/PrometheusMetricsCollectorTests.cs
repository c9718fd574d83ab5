using System.Diagnostics.Metrics;
using System.Globalization;

namespace Pipeline.Observability.Tests;

public sealed class PrometheusMetricsCollectorTests
{
    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    [Fact]
    public void OutputIsSortedByMetricNameThenLabelSet()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        var records = meter.CreateCounter<long>("pipeline.records.in", unit: null, description: "Records read from the source topic.");
        var lag = meter.CreateUpDownCounter<int>("pipeline.consumer.lag");
        var duration = meter.CreateHistogram<double>(
            "pipeline.batch.duration",
            unit: "s",
            description: "Time to process one batch.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });

        records.Add(2, Tag("topic", "orders"));
        records.Add(3, Tag("topic", "calls"));
        lag.Add(7);
        duration.Record(0.0625, Tag("stage", "score"));
        duration.Record(0.6875, Tag("stage", "score"));
        duration.Record(2, Tag("stage", "score"));

        const string Expected = """
            # HELP pipeline_batch_duration_seconds Time to process one batch.
            # TYPE pipeline_batch_duration_seconds histogram
            pipeline_batch_duration_seconds_bucket{stage="score",le="0.1"} 1
            pipeline_batch_duration_seconds_bucket{stage="score",le="1"} 2
            pipeline_batch_duration_seconds_bucket{stage="score",le="+Inf"} 3
            pipeline_batch_duration_seconds_sum{stage="score"} 2.75
            pipeline_batch_duration_seconds_count{stage="score"} 3
            # TYPE pipeline_consumer_lag gauge
            pipeline_consumer_lag 7
            # HELP pipeline_records_in_total Records read from the source topic.
            # TYPE pipeline_records_in_total counter
            pipeline_records_in_total{topic="calls"} 3
            pipeline_records_in_total{topic="orders"} 2

            """;
        Assert.Equal(Expected, collector.Scrape());
    }

    [Fact]
    public void CounterSumsEachTagSetIntoItsOwnTotalSeries()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        var counter = meter.CreateCounter<int>("pipeline.records.in");

        counter.Add(1, Tag("topic", "calls"), Tag("outcome", "ok"));
        counter.Add(4, Tag("topic", "calls"), Tag("outcome", "ok"));
        counter.Add(2, Tag("topic", "calls"), Tag("outcome", "dead_lettered"));
        counter.Add(10);

        var samples = Exposition.SampleLines(collector.Scrape());
        Assert.Equal(
            [
                "pipeline_records_in_total 10",
                "pipeline_records_in_total{outcome=\"dead_lettered\",topic=\"calls\"} 2",
                "pipeline_records_in_total{outcome=\"ok\",topic=\"calls\"} 5",
            ],
            samples);
    }

    [Fact]
    public void TagsGivenInAnotherOrderReachTheSameSeries()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        var counter = meter.CreateCounter<long>("pipeline.records.in");

        counter.Add(1, Tag("a", 1), Tag("b", "x"));
        counter.Add(1, Tag("b", "x"), Tag("a", 1));

        Assert.Equal(["pipeline_records_in_total{a=\"1\",b=\"x\"} 2"], Exposition.SampleLines(collector.Scrape()));
    }

    [Fact]
    public void CountersRepeatTheirTotalOnEveryScrape()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        var counter = meter.CreateCounter<long>("pipeline.records.in");

        counter.Add(3);
        _ = collector.Scrape();
        counter.Add(4);

        Assert.Contains("pipeline_records_in_total 7", Exposition.Lines(collector.Scrape()));
    }

    [Fact]
    public void NegativeAddsToACounterAreIgnored()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        var counter = meter.CreateCounter<double>("pipeline.records.in");

        counter.Add(5);
        counter.Add(-3);
        counter.Add(double.NaN);

        Assert.Equal(["pipeline_records_in_total 5"], Exposition.SampleLines(collector.Scrape()));
    }

    [Fact]
    public void UpDownCounterIsAGaugeHoldingTheRunningSum()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        var inFlight = meter.CreateUpDownCounter<long>("pipeline.batches.in_flight", unit: null, description: "Batches being processed.");

        inFlight.Add(5, Tag("stage", "score"));
        inFlight.Add(-2, Tag("stage", "score"));
        inFlight.Add(-1, Tag("stage", "enrich"));

        var lines = Exposition.Lines(collector.Scrape());
        Assert.Equal(
            [
                "# HELP pipeline_batches_in_flight Batches being processed.",
                "# TYPE pipeline_batches_in_flight gauge",
                "pipeline_batches_in_flight{stage=\"enrich\"} -1",
                "pipeline_batches_in_flight{stage=\"score\"} 3",
            ],
            lines);
    }

    [Fact]
    public void GaugeKeepsTheLastValueRecorded()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        var gauge = meter.CreateGauge<double>("pipeline.model.threshold");

        gauge.Record(0.5);
        gauge.Record(0.75);

        Assert.Equal(["# TYPE pipeline_model_threshold gauge", "pipeline_model_threshold 0.75"], Exposition.Lines(collector.Scrape()));
    }

    [Fact]
    public void ObservableGaugeIsReadAtScrapeTime()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        var depth = 3;
        var calls = 0;
        meter.CreateObservableGauge("pipeline.queue.depth", () =>
        {
            calls++;
            return depth;
        });

        Assert.Contains("pipeline_queue_depth 3", Exposition.Lines(collector.Scrape()));
        depth = 9;
        Assert.Contains("pipeline_queue_depth 9", Exposition.Lines(collector.Scrape()));
        Assert.Equal(2, calls);
    }

    [Fact]
    public void ObservableCounterReportsTheObservedTotalNotASumOfObservations()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        long written = 1024;
        meter.CreateObservableCounter("pipeline.output.written", () => written, unit: "By");

        Assert.Contains("pipeline_output_written_bytes_total 1024", Exposition.Lines(collector.Scrape()));
        written = 2048;
        var lines = Exposition.Lines(collector.Scrape());
        Assert.Contains("# TYPE pipeline_output_written_bytes_total counter", lines);
        Assert.Contains("pipeline_output_written_bytes_total 2048", lines);
    }

    [Fact]
    public void ObservableUpDownCounterIsAGaugeOfTheObservedValue()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        meter.CreateObservableUpDownCounter("pipeline.connections.open", () => new Measurement<int>(4, Tag("pool", "db")));

        _ = collector.Scrape();
        var lines = Exposition.Lines(collector.Scrape());

        Assert.Equal(["# TYPE pipeline_connections_open gauge", "pipeline_connections_open{pool=\"db\"} 4"], lines);
    }

    [Fact]
    public void ObservableSeriesTheLatestCallbackDidNotReportAreDropped()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        string[] partitions = ["0", "1"];
        meter.CreateObservableGauge(
            "pipeline.partition.lag",
            () => partitions.Select(partition => new Measurement<long>(5, Tag("partition", partition))));

        Assert.Equal(2, Exposition.SampleLines(collector.Scrape()).Length);
        partitions = ["1"];

        Assert.Equal(["pipeline_partition_lag{partition=\"1\"} 5"], Exposition.SampleLines(collector.Scrape()));
    }

    [Fact]
    public void ThrowingObservableCallbackIsLoggedAndTheRestIsStillServed()
    {
        using var meter = TestMeters.Create();
        var logger = new RecordingLogger<PrometheusMetricsCollector>();
        using var collector = new PrometheusMetricsCollector(meter.Name, logger);
        meter.CreateObservableGauge("pipeline.broken", new Func<int>(() => throw new InvalidOperationException("broker unreachable")));
        meter.CreateObservableGauge("pipeline.healthy", () => 5);

        var lines = Exposition.Lines(collector.Scrape());

        Assert.Contains("pipeline_healthy 5", lines);
        Assert.DoesNotContain(lines, line => line.Contains("pipeline_broken", StringComparison.Ordinal));
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(1, entry.EventId.Id);
    }

    [Fact]
    public void HistogramBucketsAreCumulativeAndFollowTheAdvice()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        var sizes = meter.CreateHistogram<int>(
            "pipeline.batch.size",
            unit: null,
            description: null,
            tags: null,
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 5, 10] });

        foreach (var size in new[] { 0, 1, 3, 7, 12, 5 })
        {
            sizes.Record(size, Tag("le", "tag named le"));
        }

        Assert.Equal(
            [
                "pipeline_batch_size_bucket{exported_le=\"tag named le\",le=\"1\"} 2",
                "pipeline_batch_size_bucket{exported_le=\"tag named le\",le=\"5\"} 4",
                "pipeline_batch_size_bucket{exported_le=\"tag named le\",le=\"10\"} 5",
                "pipeline_batch_size_bucket{exported_le=\"tag named le\",le=\"+Inf\"} 6",
                "pipeline_batch_size_sum{exported_le=\"tag named le\"} 28",
                "pipeline_batch_size_count{exported_le=\"tag named le\"} 6",
            ],
            Exposition.SampleLines(collector.Scrape()));
    }

    [Fact]
    public void HistogramInSecondsWithoutAdviceUsesTheSecondsDefaults()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        var duration = meter.CreateHistogram<double>("pipeline.step.duration", unit: "s");

        duration.Record(0.0625);
        duration.Record(0.5);
        duration.Record(20);

        var text = collector.Scrape();
        var lines = Exposition.Lines(text);
        Assert.Equal(
            ["0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1", "2.5", "5", "7.5", "10", "+Inf"],
            Exposition.BucketBounds(text, "pipeline_step_duration_seconds"));
        Assert.Contains("# TYPE pipeline_step_duration_seconds histogram", lines);
        Assert.Contains("pipeline_step_duration_seconds_bucket{le=\"0.05\"} 0", lines);
        Assert.Contains("pipeline_step_duration_seconds_bucket{le=\"0.075\"} 1", lines);
        Assert.Contains("pipeline_step_duration_seconds_bucket{le=\"0.5\"} 2", lines);
        Assert.Contains("pipeline_step_duration_seconds_bucket{le=\"10\"} 2", lines);
        Assert.Contains("pipeline_step_duration_seconds_bucket{le=\"+Inf\"} 3", lines);
        Assert.Contains("pipeline_step_duration_seconds_sum 20.5625", lines);
        Assert.Contains("pipeline_step_duration_seconds_count 3", lines);
    }

    [Fact]
    public void HistogramInMillisecondsWithoutAdviceUsesTheMillisecondsDefaults()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        var duration = meter.CreateHistogram<long>("pipeline.step.duration", unit: "ms");

        duration.Record(3);
        duration.Record(80);
        duration.Record(20_000);

        var text = collector.Scrape();
        var lines = Exposition.Lines(text);
        Assert.Equal(
            ["5", "10", "25", "50", "75", "100", "250", "500", "750", "1000", "2500", "5000", "7500", "10000", "+Inf"],
            Exposition.BucketBounds(text, "pipeline_step_duration_milliseconds"));
        Assert.Contains("pipeline_step_duration_milliseconds_bucket{le=\"5\"} 1", lines);
        Assert.Contains("pipeline_step_duration_milliseconds_bucket{le=\"100\"} 2", lines);
        Assert.Contains("pipeline_step_duration_milliseconds_bucket{le=\"+Inf\"} 3", lines);
        Assert.Contains("pipeline_step_duration_milliseconds_sum 20083", lines);
        Assert.Contains("pipeline_step_duration_milliseconds_count 3", lines);
    }

    [Fact]
    public void HistogramInAnotherUnitWithoutAdviceUsesTheGenericDefaults()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        var sizes = meter.CreateHistogram<int>("pipeline.batch.records", unit: "{record}");

        sizes.Record(0);
        sizes.Record(300);

        var text = collector.Scrape();
        Assert.Equal(
            ["0", "5", "10", "25", "50", "75", "100", "250", "500", "750", "1000", "2500", "5000", "7500", "10000", "+Inf"],
            Exposition.BucketBounds(text, "pipeline_batch_records"));
        Assert.Contains("pipeline_batch_records_bucket{le=\"0\"} 1", Exposition.Lines(text));
        Assert.Contains("pipeline_batch_records_bucket{le=\"500\"} 2", Exposition.Lines(text));
    }

    [Theory]
    [InlineData("pipeline.input.read", "By", "pipeline_input_read_bytes_total")]
    [InlineData("pipeline.input.bytes", "By", "pipeline_input_bytes_total")]
    [InlineData("pipeline.busy", "s", "pipeline_busy_seconds_total")]
    [InlineData("pipeline.busy.seconds", "s", "pipeline_busy_seconds_total")]
    [InlineData("pipeline.busy", "ms", "pipeline_busy_milliseconds_total")]
    [InlineData("pipeline.errors.total", null, "pipeline_errors_total")]
    [InlineData("pipeline.written.total", "By", "pipeline_written_bytes_total")]
    [InlineData("pipeline.records", "{record}", "pipeline_records_total")]
    [InlineData("3rd-party/calls", null, "_3rd_party_calls_total")]
    public void CounterNamesGetTheUnitSuffixOnceAndEndInTotal(string instrumentName, string? unit, string metricName)
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);

        meter.CreateCounter<int>(instrumentName, unit).Add(1);

        Assert.Equal([$"# TYPE {metricName} counter", $"{metricName} 1"], Exposition.Lines(collector.Scrape()));
    }

    [Fact]
    public void GaugeAndHistogramNamesGetTheUnitSuffixButNoTotal()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);

        meter.CreateGauge<long>("pipeline.heap", unit: "By").Record(10);
        meter.CreateHistogram<double>("pipeline.scoring.latency", unit: "ms").Record(1);

        var lines = Exposition.Lines(collector.Scrape());
        Assert.Contains("# TYPE pipeline_heap_bytes gauge", lines);
        Assert.Contains("# TYPE pipeline_scoring_latency_milliseconds histogram", lines);
    }

    [Fact]
    public void LabelValuesEscapeBackslashQuoteAndNewline()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);

        meter.CreateCounter<int>("pipeline.files").Add(1, Tag("path", "C:\\in\\\"x\"\nnext"));

        Assert.Equal(["pipeline_files_total{path=\"C:\\\\in\\\\\\\"x\\\"\\nnext\"} 1"], Exposition.SampleLines(collector.Scrape()));
    }

    [Fact]
    public void LabelNamesAreSanitizedAndCollidingNamesJoinTheirValues()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);

        meter.CreateCounter<int>("pipeline.requests").Add(
            1,
            Tag("http.status-code", 200),
            Tag("1st", "x"),
            Tag("a_b", "second"),
            Tag("a.b", "first"),
            Tag("ok", true),
            Tag("ratio", 0.5),
            Tag("missing", null));

        Assert.Equal(
            ["pipeline_requests_total{_1st=\"x\",a_b=\"first;second\",http_status_code=\"200\",missing=\"\",ok=\"true\",ratio=\"0.5\"} 1"],
            Exposition.SampleLines(collector.Scrape()));
    }

    [Fact]
    public void HelpComesFromTheDescriptionWithBackslashAndNewlineEscaped()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);

        meter.CreateCounter<int>("pipeline.parsed", unit: null, description: "Records \"parsed\"\nper C:\\ drive").Add(1);

        Assert.Contains("# HELP pipeline_parsed_total Records \"parsed\"\\nper C:\\\\ drive", Exposition.Lines(collector.Scrape()));
    }

    [Fact]
    public void EveryNumericTypeIsRecorded()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);

        meter.CreateCounter<byte>("c.byte").Add(2);
        meter.CreateCounter<short>("c.short").Add(2);
        meter.CreateCounter<int>("c.int").Add(2);
        meter.CreateCounter<long>("c.long").Add(2);
        meter.CreateCounter<float>("c.float").Add(1.5f);
        meter.CreateCounter<double>("c.double").Add(1.25);
        meter.CreateCounter<decimal>("c.decimal").Add(2.5m);
        meter.CreateHistogram<decimal>("h.decimal").Record(7.5m);
        meter.CreateHistogram<float>("h.float").Record(0.5f);
        meter.CreateGauge<byte>("g.byte").Record(200);
        meter.CreateGauge<short>("g.short").Record(-300);

        var lines = Exposition.Lines(collector.Scrape());
        Assert.Contains("c_byte_total 2", lines);
        Assert.Contains("c_short_total 2", lines);
        Assert.Contains("c_int_total 2", lines);
        Assert.Contains("c_long_total 2", lines);
        Assert.Contains("c_float_total 1.5", lines);
        Assert.Contains("c_double_total 1.25", lines);
        Assert.Contains("c_decimal_total 2.5", lines);
        Assert.Contains("h_decimal_sum 7.5", lines);
        Assert.Contains("h_decimal_bucket{le=\"10\"} 1", lines);
        Assert.Contains("h_float_sum 0.5", lines);
        Assert.Contains("g_byte 200", lines);
        Assert.Contains("g_short -300", lines);
    }

    [Fact]
    public void NumbersUseTheInvariantCultureAndPrometheusSpellingsOfInfinityAndNaN()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        var gauge = meter.CreateGauge<double>("pipeline.value");
        gauge.Record(1.5, Tag("case", "fraction"));
        gauge.Record(1e21, Tag("case", "large"));
        gauge.Record(double.PositiveInfinity, Tag("case", "plus"));
        gauge.Record(double.NegativeInfinity, Tag("case", "minus"));
        gauge.Record(double.NaN, Tag("case", "nan"));

        var commaCulture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaCulture.NumberFormat.NumberDecimalSeparator = ",";
        commaCulture.NumberFormat.PositiveInfinitySymbol = "Infinity";
        var original = CultureInfo.CurrentCulture;
        string text;
        try
        {
            CultureInfo.CurrentCulture = commaCulture;
            text = collector.Scrape();
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }

        Assert.Equal(
            [
                "pipeline_value{case=\"fraction\"} 1.5",
                "pipeline_value{case=\"large\"} 1E+21",
                "pipeline_value{case=\"minus\"} -Inf",
                "pipeline_value{case=\"nan\"} NaN",
                "pipeline_value{case=\"plus\"} +Inf",
            ],
            Exposition.SampleLines(text));
    }

    [Fact]
    public void InstrumentsOfMetersOutsideThePrefixAreIgnored()
    {
        // A collector on the default "Pipeline" prefix would see, and observe, every other test's meters.
        var prefix = $"Pipeline.Test.{Guid.NewGuid():N}";
        using var inside = new Meter(prefix + ".Worker");
        using var outside = new Meter("Other." + prefix);
        using var collector = new PrometheusMetricsCollector(prefix);

        inside.CreateCounter<int>("pipeline.included").Add(1);
        outside.CreateCounter<int>("pipeline.excluded").Add(1);
        outside.CreateObservableGauge("pipeline.excluded.observed", () => 1);

        Assert.Equal(["# TYPE pipeline_included_total counter", "pipeline_included_total 1"], Exposition.Lines(collector.Scrape()));
    }

    [Fact]
    public void DefaultPrefixIsPipeline() =>
        Assert.Equal("Pipeline", PrometheusMetricsCollector.DefaultMeterPrefix);

    [Fact]
    public void ConcurrentRecordingFromEightThreadsLosesNoIncrements()
    {
        const int Threads = 8;
        const int AddsPerThread = 100_000;
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        var counter = meter.CreateCounter<long>("pipeline.records.in");
        var sum = meter.CreateCounter<double>("pipeline.score.sum");
        var duration = meter.CreateHistogram<double>("pipeline.parse.duration", unit: "s");
        using var start = new Barrier(Threads + 1);
        var cancellationToken = TestContext.Current.CancellationToken;

        var writers = Enumerable.Range(0, Threads)
            .Select(_ => new Thread(() =>
            {
                start.SignalAndWait(cancellationToken);
                for (var i = 0; i < AddsPerThread; i++)
                {
                    counter.Add(1, Tag("stage", "parse"));
                    sum.Add(0.5, Tag("stage", "parse"));
                    duration.Record(0.02, Tag("stage", "parse"));
                }
            }))
            .ToList();
        writers.ForEach(thread => thread.Start());

        // Scrapes racing the writers must not fail, and the total they see can only grow.
        start.SignalAndWait(cancellationToken);
        long previous = 0;
        while (writers.Exists(thread => thread.IsAlive))
        {
            var line = Exposition.Lines(collector.Scrape())
                .FirstOrDefault(l => l.StartsWith("pipeline_records_in_total{", StringComparison.Ordinal));
            var seen = line is null ? 0 : long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            Assert.True(seen >= previous, $"total went from {previous} to {seen}");
            previous = seen;
        }

        writers.ForEach(thread => thread.Join());

        var lines = Exposition.Lines(collector.Scrape());
        Assert.Contains("pipeline_records_in_total{stage=\"parse\"} 800000", lines);
        Assert.Contains("pipeline_score_sum_total{stage=\"parse\"} 400000", lines);
        Assert.Contains("pipeline_parse_duration_seconds_count{stage=\"parse\"} 800000", lines);
        Assert.Contains("pipeline_parse_duration_seconds_bucket{stage=\"parse\",le=\"0.01\"} 0", lines);
        Assert.Contains("pipeline_parse_duration_seconds_bucket{stage=\"parse\",le=\"0.025\"} 800000", lines);
    }

    [Fact]
    public void RecordingForAnAlreadySeenTagSetDoesNotAllocate()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        var counter = meter.CreateCounter<long>("pipeline.records.in");
        var upDown = meter.CreateUpDownCounter<double>("pipeline.in_flight");
        var gauge = meter.CreateGauge<double>("pipeline.threshold");
        var duration = meter.CreateHistogram<double>("pipeline.parse.duration", unit: "s");
        var topic = Tag("topic", "calls");
        var stage = Tag("stage", "parse");

        void RecordAll()
        {
            for (var i = 0; i < 1_000; i++)
            {
                // Tags in either order must hit the existing series.
                counter.Add(1, topic, stage);
                upDown.Add(1, stage, topic);
                gauge.Record(0.5, topic, stage);
                duration.Record(0.02, topic, stage);
            }
        }

        RecordAll();
        var before = GC.GetAllocatedBytesForCurrentThread();
        RecordAll();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Contains("pipeline_records_in_total{stage=\"parse\",topic=\"calls\"} 2000", Exposition.Lines(collector.Scrape()));
    }

    [Fact]
    public void InstrumentsCreatedAfterTheCollectorArePickedUp()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        Assert.Empty(collector.Scrape());

        meter.CreateCounter<int>("pipeline.late").Add(3);

        Assert.Contains("pipeline_late_total 3", Exposition.Lines(collector.Scrape()));
    }

    [Fact]
    public void InstrumentsCreatedBeforeTheCollectorArePickedUpFromItsStart()
    {
        using var meter = TestMeters.Create();
        var counter = meter.CreateCounter<int>("pipeline.early");
        counter.Add(100);

        using var collector = new PrometheusMetricsCollector(meter.Name);
        counter.Add(3);

        Assert.Contains("pipeline_early_total 3", Exposition.Lines(collector.Scrape()));
    }

    [Fact]
    public void InstrumentsWithoutMeasurementsAreNotWritten()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        meter.CreateCounter<int>("pipeline.idle", unit: null, description: "Never used.");

        Assert.Empty(collector.Scrape());
    }

    [Fact]
    public void DisposedMetersInstrumentsStopAppearing()
    {
        using var collector = new PrometheusMetricsCollector($"Pipeline.Test.{Guid.NewGuid():N}");
        var kept = new Meter(collector.MeterPrefix + ".kept");
        var disposed = new Meter(collector.MeterPrefix + ".disposed");
        try
        {
            kept.CreateCounter<int>("pipeline.kept").Add(1);
            var gone = disposed.CreateCounter<int>("pipeline.gone");
            gone.Add(1);
            Assert.Contains("pipeline_gone_total 1", Exposition.Lines(collector.Scrape()));

            disposed.Dispose();
            gone.Add(1);

            Assert.Equal(["pipeline_kept_total 1"], Exposition.SampleLines(collector.Scrape()));
        }
        finally
        {
            kept.Dispose();
            disposed.Dispose();
        }
    }

    [Fact]
    public void SameNamedInstrumentsOfTwoMetersAreMergedIntoOneMetric()
    {
        using var collector = new PrometheusMetricsCollector($"Pipeline.Test.{Guid.NewGuid():N}");
        using var first = new Meter(collector.MeterPrefix + ".a");
        using var second = new Meter(collector.MeterPrefix + ".b");

        first.CreateCounter<int>("pipeline.records.in").Add(2, Tag("topic", "calls"));
        second.CreateCounter<long>("pipeline.records.in").Add(3, Tag("topic", "calls"));
        second.CreateCounter<long>("pipeline.records.in").Add(1, Tag("topic", "units"));

        Assert.Equal(
            [
                "# TYPE pipeline_records_in_total counter",
                "pipeline_records_in_total{topic=\"calls\"} 5",
                "pipeline_records_in_total{topic=\"units\"} 1",
            ],
            Exposition.Lines(collector.Scrape()));
    }

    [Fact]
    public void NameClashBetweenTypesKeepsTheFirstMeterAndLogsOnce()
    {
        var logger = new RecordingLogger<PrometheusMetricsCollector>();
        using var collector = new PrometheusMetricsCollector($"Pipeline.Test.{Guid.NewGuid():N}", logger);
        using var first = new Meter(collector.MeterPrefix + ".a");
        using var second = new Meter(collector.MeterPrefix + ".b");

        first.CreateCounter<int>("pipeline.errors").Add(2);
        second.CreateGauge<int>("pipeline.errors.total").Record(9);

        _ = collector.Scrape();
        var lines = Exposition.Lines(collector.Scrape());

        Assert.Equal(["# TYPE pipeline_errors_total counter", "pipeline_errors_total 2"], lines);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(2, entry.EventId.Id);
    }

    [Fact]
    public void TagSetsBeyondTheSeriesLimitAreCountedInAnOverflowSeries()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        var counter = meter.CreateCounter<int>("pipeline.by.id");

        for (var id = 0; id < 2005; id++)
        {
            counter.Add(1, Tag("id", id));
        }

        counter.Add(1, Tag("id", 0));

        var samples = Exposition.SampleLines(collector.Scrape());
        Assert.Equal(2001, samples.Length);
        Assert.Contains("pipeline_by_id_total{id=\"0\"} 2", samples);
        Assert.Contains("pipeline_by_id_total{otel_metric_overflow=\"true\"} 5", samples);
    }

    [Fact]
    public void WriteToEndsLinesWithLineFeedWhateverTheWritersNewLine()
    {
        using var meter = TestMeters.Create();
        using var collector = new PrometheusMetricsCollector(meter.Name);
        meter.CreateCounter<int>("pipeline.records.in").Add(1);
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\r\n" };

        collector.WriteTo(writer);

        Assert.Equal("# TYPE pipeline_records_in_total counter\npipeline_records_in_total 1\n", writer.ToString());
    }

    [Fact]
    public void ScrapingADisposedCollectorThrows()
    {
        using var meter = TestMeters.Create();
        var collector = new PrometheusMetricsCollector(meter.Name);
        var counter = meter.CreateCounter<int>("pipeline.records.in");

        collector.Dispose();
        counter.Add(1);
        collector.Dispose();

        Assert.Throws<ObjectDisposedException>(collector.Scrape);
    }
}
